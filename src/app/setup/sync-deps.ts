// sync's input and ports from the composition root (app/services.ts), and the one call the command makes:
// compose → core/setup/run-sync.ts → core/setup/render-sync.ts, with the `diff` package's unified diff.
import { loadBundleSource, normalizeSha256 } from '../../adapters/bundle-source.js';
import { isEphemeralScript, resolveExecLauncher } from '../../adapters/exec-command.js';
import { ephemeralInstallWarning } from '../../core/install.js';
import { listSetupRecords } from '../../adapters/setup-record-list.js';
import { unifiedDiff } from '../../adapters/unified-diff.js';
import { renderSync, type SyncWrite } from '../../core/setup/render-sync.js';
import { runSync, type SyncDeps, type SyncInput } from '../../core/setup/run-sync.js';
import type { Services } from '../services.js';
import { recordedSourceToFetch, recordWriter } from './record-writer.js';

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
