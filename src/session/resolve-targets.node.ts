// Turns `login`/`logout` arguments into session targets: --all → every setup record; else a context
// (default: the current one) of the kubeconfig, whose user's exec args name the bundle and group.
import { ConfigError } from '../kernel/errors.js';
import { targetOfContext, targetsOfRecord, type SessionTarget } from './targets.js';
import type { Services } from '../services/services.js';

export interface TargetSelection {
  context?: string | undefined;
  all?: boolean | undefined;
  kubeconfig?: string | undefined;
}

export async function resolveTargets(selection: TargetSelection, s: Services): Promise<SessionTarget[]> {
  const { paths } = s;
  if (selection.all) {
    const { listSetupRecords } = await import('../record/setup-record-list.node.js');
    const records = await listSetupRecords(paths.setupsDir);
    if (records.length === 0) {
      throw new ConfigError(`no bundle has been set up yet (no setup records in ${paths.setupsDir})`, {
        code: 'NO_SETUP',
        hint: 'run `eks-login setup <bundle.json>` first',
      });
    }
    return records.flatMap((record) => targetsOfRecord(record));
  }
  const [{ loadContext }, { readSetupRecord }, store] = await Promise.all([
    import('../kubeconfig/load-context.js'),
    import('../record/setup-record-file.node.js'),
    s.kubeconfigStore(),
  ]);
  const context = await loadContext(store, s.kubeconfigLocation(selection.kubeconfig), selection.context);
  return [targetOfContext(context.name, context.user.exec?.args, (bundle) => readSetupRecord(paths.setupsDir, bundle))];
}
