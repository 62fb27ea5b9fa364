// Turns `login`/`logout` arguments into session targets: --all → every setup record; else a context
// (default: the current one) of the kubeconfig, whose user's exec args name the bundle and group.
import { homeDir } from '../../adapters/home-dir.js';
import { ConfigError } from '../../errors.js';
import type { EksLoginPaths } from '../../core/paths.js';
import { targetOfContext, targetsOfRecord, type SessionTarget } from '../../core/session/targets.js';
import type { Env } from '../../ports.js';

export interface TargetSelection {
  context?: string | undefined;
  all?: boolean | undefined;
  kubeconfig?: string | undefined;
}

export async function resolveTargets(selection: TargetSelection, env: Env, paths: EksLoginPaths): Promise<SessionTarget[]> {
  if (selection.all) {
    const { listSetupRecords } = await import('../../adapters/session-files.js');
    const records = await listSetupRecords(paths.setupsDir);
    if (records.length === 0) {
      throw new ConfigError(`no bundle has been set up yet (no setup records in ${paths.setupsDir})`, { code: 'NO_SETUP', hint: 'run `eks-login setup <bundle.json>` first' });
    }
    return records.flatMap((record) => targetsOfRecord(record));
  }
  const [{ createKubeconfigFileStore }, { locateKubeconfig }, { loadContext }, { readSetupRecord }] = await Promise.all([
    import('../../adapters/kubeconfig-file-store.js'),
    import('../../core/kubeconfig/locate.js'),
    import('../../core/kubeconfig/load-context.js'),
    import('../../adapters/setup-record-file.js'),
  ]);
  const context = await loadContext(createKubeconfigFileStore(), locateKubeconfig(env, homeDir, selection.kubeconfig), selection.context);
  return [targetOfContext(context.name, context.user.exec?.args, (bundle) => readSetupRecord(paths.setupsDir, bundle))];
}
