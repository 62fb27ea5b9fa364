// `logout --remove-contexts`: removes the kubeconfig entries setup wrote, from the files of the setup
// records and of the current kubeconfig location (--kubeconfig, KUBECONFIG, ~/.kube/config); for a
// context's group the setup record forgets the group too (forget-groups.ts).
import { listSetupRecords } from '../record/setup-record-list.node.js';
import type { Services } from '../services/services.js';
import { removeSetupEntries } from '../kubeconfig/remove-setup-entries.js';
import { renderRemovedContexts } from './render-removed-contexts.js';
import type { SessionTarget } from './targets.js';
import { recordWriter } from '../setup/wire.js';
import { forgetGroups } from './forget-groups-file.node.js';

/** `targets` undefined: every bundle's entries (`logout --all`). One line per changed file or record for the person. */
export async function removeSetupContexts(
  ctx: Services,
  targets: SessionTarget[] | undefined,
  kubeconfig: string | undefined,
): Promise<string[]> {
  const records = await listSetupRecords(ctx.paths.setupsDir);
  const groups = targets?.map((t) => ({ bundle: t.record.bundle.name, group: t.group.name }));
  const files = [...records.map((r) => r.kubeconfigPath), ...ctx.kubeconfigLocation(kubeconfig).paths];
  const results = await removeSetupEntries(
    await ctx.kubeconfigStore((m) => ctx.logger.warn(m)),
    files,
    (mark) => !groups || groups.some((g) => g.bundle === mark.bundle && g.group === mark.group),
  );
  const lines = renderRemovedContexts(results);
  return targets ? [...lines, ...(await forgetGroups(ctx.paths.setupsDir, targets, recordWriter(ctx)))] : lines;
}
