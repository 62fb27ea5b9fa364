// setup's composition: the one call `eks-login setup` makes (load the bundle, file or https, pinned or not;
// setup/run-setup.ts; setup/render-setup.ts) and the one `eks-login sync` makes (setup/run-sync.ts;
// setup/render-sync.ts), their ports from the services, and every write of a setup record (setup, sync, key
// rotate, logout --remove-contexts): a bundle URL's secrets (userinfo, query values) go to the secret store
// first, also those of a record an older eks-login wrote in clear, so no plain file ever holds them
// (bundle/source-url.ts). Heavy adapters (AWS SDK, keychain) load only when a step needs them.
import { loadBundleSource, normalizeSha256 } from '../bundle/bundle-source.node.js';
import { sourceToFetch, withSourceSecretStored } from '../bundle/source-url.js';
import { ssoCredentials } from '../credentials/wire.js';
import type { SignInChoice } from '../credentials/sso/sso-credentials.js';
import { unifiedDiff } from '../infra/unified-diff.js';
import { StoreError } from '../kernel/errors.js';
import { identityExecEnv } from '../kubeconfig/exec-launcher.js';
import { execLauncherFor } from '../kubeconfig/wire.js';
import { bundleUrlAccount, type SetupRecord } from '../record/setup-record.js';
import { listSetupRecords } from '../record/setup-record-list.node.js';
import { checkSetupRecordWritable, writeSetupRecord } from '../record/setup-record-writer.node.js';
import type { Services } from '../services/services.js';
import { renderSetup } from './render-setup.js';
import { renderSync } from './render-sync.js';
import type { Write } from '../kernel/write.js';
import { runSetup, type SetupDeps } from './run-setup.js';
import { runSync, type SyncDeps, type SyncInput } from './run-sync.js';

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
export async function setUpFromBundle(s: Services, flags: SetupFlags): Promise<Write[]> {
  const pin = normalizeSha256(flags.sha256);
  const loaded = await loadBundleSource(flags.bundle, s.cwd, pin, () => s.httpsGetter());
  const { bundle } = loaded;
  const deps = await setupDeps(s, bundle.clusters[0]!.region, flags.sso);
  const command = execLauncherFor(
    s,
    identityExecEnv(s.env, {
      sourceProfileFlag: Boolean(flags.sourceProfile),
      absolute: (path) => s.platform.absolute(path, s.cwd),
    }),
  );
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

/** `sso`: how an sso group signs in (--use-device-code, --no-browser). */
async function setupDeps(
  s: Services,
  region: string,
  sso: SignInChoice = { flow: 'pkce', openBrowser: true },
): Promise<SetupDeps> {
  const { paths } = s;
  const prompter = s.isInteractiveTerminal ? await s.prompter() : undefined;
  return {
    env: s.env,
    clock: s.clock,
    ...(prompter ? { prompter } : {}),
    kubeconfig: await s.kubeconfigStore((m) => s.logger.warn(m)),
    sts: () => s.stsGateway(s.awsHttpForProfile()),
    secrets: () => s.secretStore(),
    fromProfile: (profile) =>
      s.profileCredentials({ profile, explicit: true, region, http: s.awsHttpForProfile(profile) }),
    profileSts: (profile) => s.profileSts(profile),
    records: () => listSetupRecords(paths.setupsDir),
    checkRecordWritable: (bundle) => checkSetupRecordWritable(paths.setupsDir, bundle, s.pid),
    ssoCredentials: (bundle, group, loginCommand) =>
      ssoCredentials(s, sso, { kind: 'sso', sso: group.sso, bundle, group: group.name, loginCommand }),
    writeRecord: recordWriter(s),
    say: (line) => s.stderr.write(`${line}\n`),
  };
}

export interface SyncFlags {
  bundle?: string | undefined;
  sha256?: string | undefined;
  dryRun?: boolean | undefined;
}

async function prepareSync(s: Services, flags: SyncFlags): Promise<{ input: SyncInput; deps: SyncDeps }> {
  const { paths } = s;
  const command = execLauncherFor(s);
  return {
    input: {
      ...(flags.bundle ? { bundle: flags.bundle } : {}),
      ...(flags.sha256 ? { sha256: normalizeSha256(flags.sha256)! } : {}),
      dryRun: Boolean(flags.dryRun),
      command,
    },
    deps: {
      records: () => listSetupRecords(paths.setupsDir),
      load: async (record, pin) =>
        loadBundleSource(await recordedSourceToFetch(s, record), s.cwd, pin, () => s.httpsGetter()),
      kubeconfig: await s.kubeconfigStore((m) => s.logger.warn(m)),
      writeRecord: recordWriter(s),
    },
  };
}

/** `eks-login sync`: what to write where, in order (status on stderr, --dry-run's diff on stdout). */
export async function syncBundles(s: Services, flags: SyncFlags): Promise<Write[]> {
  const { input, deps } = await prepareSync(s, flags);
  const results = await runSync(input, deps);
  return renderSync(results, { dryRun: Boolean(input.dryRun), diff: (k) => unifiedDiff(k.path, k.before, k.after) });
}

/** Writes `<setupsDir>/<bundle>.json`; returns the file written. */
export function recordWriter(s: Pick<Services, 'paths' | 'secretStore'>): (record: SetupRecord) => Promise<string> {
  return async (record) =>
    writeSetupRecord(
      s.paths.setupsDir,
      await withSourceSecretStored(record, bundleUrlAccount(record.bundle.name), () => s.secretStore()),
    );
}

/** The URL (or path) sync fetches for a record: a URL's secrets joined back from the secret store. */
async function recordedSourceToFetch(
  s: Pick<Services, 'secretStore'>,
  record: SetupRecord & { bundleSource: string },
): Promise<string> {
  const account = bundleUrlAccount(record.bundle.name);
  const source = await sourceToFetch(record, account, () => s.secretStore());
  if (source !== undefined) return source;
  const store = await s.secretStore();
  throw new StoreError(
    `cannot read bundle ${record.bundle.name} from ${record.bundleSource}: the URL's credentials are not in ${store.location} (account ${account})`,
    {
      code: 'BUNDLE_URL_SECRET_MISSING',
      hint: `run \`eks-login setup '<the bundle URL with its credentials>'\` again to store them (the record keeps only ${record.bundleSource})`,
    },
  );
}

export { groupFlagValues } from './choose.js';
