// The lines `logout --remove-contexts` prints for the kubeconfig files it changed. Pure.
import type { RemovedFromFile } from '../kubeconfig/remove-setup-entries.js';

export function renderRemovedContexts(results: readonly RemovedFromFile[]): string[] {
  if (results.length === 0) return ['kubeconfig: no contexts written by eks-login setup found'];
  return results.map(
    (r) =>
      `kubeconfig ${r.path}: removed ${r.removed.join(', ')}${r.clearedCurrentContext ? '; current-context cleared' : ''}${r.backupPath ? ` (previous version in ${r.backupPath})` : ''}`,
  );
}
