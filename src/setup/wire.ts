// The one call `eks-login setup` makes: load the bundle (file or https, pinned or not), compose setup's
// input and ports from the composition root, run setup/run-setup.ts and say what happened
// (setup/render-setup.ts, with the `diff` package's unified diff).
import { loadBundleSource, normalizeSha256 } from '../bundle/bundle-source.node.js';
import { isEphemeralScript, resolveExecLauncher } from '../kubeconfig/exec-command.node.js';
import { ephemeralInstallWarning } from '../kernel/install.js';
import { unifiedDiff } from '../infra/unified-diff.js';
import { identityExecEnv } from '../kubeconfig/exec-launcher.js';
import { renderSetup, type SetupWrite } from './render-setup.js';
import { runSetup } from './run-setup.js';
import type { SignInChoice } from '../credentials/sso/sso-credentials.js';
import type { Services } from '../services/services.js';
import { createSetupDeps } from './setup-deps.node.js';

export interface SetupFlags {
  bundle: string;
  sha256?: string | undefined;
  groups: string[];
  fromEnv?: boolean | undefined;
  sourceProfile?: string | undefined;
  reuseKey?: string | undefined;
  kubeconfig?: string | undefined;
  use?: boolean | undefined;
  dryRun?: boolean | undefined;
  yes?: boolean | undefined;
  force?: boolean | undefined;
  /** How an sso group signs in (--use-device-code, --no-browser). */
  sso: SignInChoice;
}

/** `eks-login setup`: what to write where once it is done (setup's questions and steps are said as they happen). */
export async function setUpFromBundle(s: Services, flags: SetupFlags): Promise<SetupWrite[]> {
  const pin = normalizeSha256(flags.sha256);
  const loaded = await loadBundleSource(flags.bundle, s.cwd, pin, () => s.httpsGetter());
  const { bundle } = loaded;
  const deps = await createSetupDeps(s, bundle.clusters[0]!.region, flags.sso);
  const command = resolveExecLauncher({
    pathEnv: s.env.PATH,
    running: s.script,
    cwd: s.cwd,
    platform: s.platform,
    pathExt: s.env.PATHEXT,
    env: identityExecEnv(s.env, {
      sourceProfileFlag: Boolean(flags.sourceProfile),
      absolute: (path) => s.platform.absolute(path, s.cwd),
    }),
  });
  const script = command.args[0];
  if (script !== undefined && isEphemeralScript(script)) s.logger.warn(ephemeralInstallWarning(script));
  const note = s.platform.keychainPromptNote;
  if (note && !flags.dryRun && (s.env.EKS_LOGIN_KEYRING ?? '').trim().toLowerCase() !== 'file')
    s.stderr.write(`${note}\n`);
  const result = await runSetup(
    {
      bundle,
      groups: flags.groups,
      fromEnv: flags.fromEnv,
      ...(flags.sourceProfile ? { sourceProfile: flags.sourceProfile } : {}),
      ...(flags.reuseKey ? { reuseKey: flags.reuseKey } : {}),
      bundleSource: loaded.source,
      ...(pin ? { bundleSha256: pin } : {}),
      location: s.kubeconfigLocation(flags.kubeconfig),
      command,
      use: flags.use,
      dryRun: flags.dryRun,
      yes: flags.yes,
      force: flags.force,
    },
    deps,
  );
  return renderSetup(bundle, result, {
    dryRun: Boolean(flags.dryRun),
    diff: (k) => unifiedDiff(k.path, k.before, k.after),
  });
}
