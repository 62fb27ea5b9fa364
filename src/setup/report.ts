// What setup tells the person about the kubeconfig: one line per context added, updated, replaced or
// removed (with the reason), the current context, the backup.
import type { UpdateKubeconfigResult } from '../kubeconfig/update.js';

/** `mode`: done (after writing), dry-run (--dry-run), plan (before the confirmation). */
export function describeChanges(result: UpdateKubeconfigResult, mode: 'done' | 'dry-run' | 'plan' = 'done'): string[] {
  const would = mode === 'done' ? '' : 'would be ';
  if (!result.changed)
    return [`kubeconfig ${result.path}: already up to date, nothing ${mode === 'done' ? 'written' : 'to write'}`];
  const lines = [`kubeconfig ${result.path}${mode === 'dry-run' ? ' (dry run, nothing written)' : ''}:`];
  for (const change of result.changes) {
    lines.push(`  context ${change.name} ${would}${change.action}${change.reason ? `: ${change.reason}` : ''}`);
  }
  if (result.currentContext !== undefined) {
    lines.push(
      result.currentContext
        ? `  current-context ${would}set to ${result.currentContext}`
        : `  current-context ${would}cleared`,
    );
  }
  if (result.backupPath) lines.push(`  previous version kept in ${result.backupPath}`);
  if (result.removedCurrentContext) {
    lines.push(
      `  warning: the current context ${result.removedCurrentContext} ${would}removed with its cluster, so no context is current now; pick one: kubectl config use-context <context>`,
    );
  }
  return [...lines, ...orphanWarnings(result)];
}

/** Hand-made contexts that point at entries this change removes: kubectl would fall back to localhost:8080. */
function orphanWarnings(result: Pick<UpdateKubeconfigResult, 'orphanedContexts' | 'path'>): string[] {
  return (result.orphanedContexts ?? []).map(
    (name) =>
      `  warning: context ${name} (not written by eks-login) points at a cluster or user entry that is removed; fix it (kubectl config set-context ${name} --cluster … --user …) or delete it (kubectl config delete-context ${name})`,
  );
}
