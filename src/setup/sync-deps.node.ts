// sync's input and ports from the composition root (services/services.ts), and the one call the command makes:
// compose → setup/run-sync.ts → setup/render-sync.ts, with the `diff` package's unified diff.
import { loadBundleSource, normalizeSha256 } from '../bundle/bundle-source.node.js';
import { isEphemeralScript, resolveExecLauncher } from '../kubeconfig/exec-command.node.js';
import { ephemeralInstallWarning } from '../kernel/install.js';
import { listSetupRecords } from '../record/setup-record-list.node.js';
import { unifiedDiff } from '../infra/unified-diff.js';
import { renderSync, type SyncWrite } from './render-sync.js';
import { runSync, type SyncDeps, type SyncInput } from './run-sync.js';
import type { Services } from '../services/services.js';
import { recordedSourceToFetch, recordWriter } from './record-writer.node.js';

export interface SyncFlags {
  bundle?: string | undefined;
  sha256?: string | undefined;
  dryRun?: boolean | undefined;
}

export async function prepareSync(s: Services, flags: SyncFlags): Promise<{ input: SyncInput; deps: SyncDeps }> {
  const { paths } = s;
  const command = resolveExecLauncher({
    pathEnv: s.env.PATH,
    running: s.script,
    cwd: s.cwd,
    platform: s.platform,
    pathExt: s.env.PATHEXT,
  });
  if (command.args[0] !== undefined && isEphemeralScript(command.args[0]))
    s.logger.warn(ephemeralInstallWarning(command.args[0]));
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
export async function syncBundles(s: Services, flags: SyncFlags): Promise<SyncWrite[]> {
  const { input, deps } = await prepareSync(s, flags);
  const results = await runSync(input, deps);
  return renderSync(results, { dryRun: Boolean(input.dryRun), diff: (k) => unifiedDiff(k.path, k.before, k.after) });
}
