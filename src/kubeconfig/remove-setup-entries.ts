// Use case behind `logout --remove-contexts`: in each kubeconfig file, remove the entries setup wrote
// (those with the eks-login mark, optionally of some bundles), under the file's lock, atomically, with
// one backup. Files without such entries are not touched.
import type { KubeconfigStore } from '../kernel/ports.js';
import { entriesOf, ENTRY_KINDS, type KubeconfigDoc } from './model.js';
import { ownerOf, type OwnerMark } from './owner.js';
import { removeOwnedEntries } from './remove.js';

export interface RemovedFromFile {
  path: string;
  /** Context names whose cluster/user/context entries were removed. */
  removed: string[];
  clearedCurrentContext: boolean;
  backupPath?: string;
}

const holdsOwned = (doc: KubeconfigDoc, which: (mark: OwnerMark) => boolean): boolean =>
  ENTRY_KINDS.some((kind) =>
    entriesOf(doc, kind).some((entry) => {
      const mark = ownerOf(entry, kind);
      return mark !== undefined && which(mark);
    }),
  );

/** `paths`: every kubeconfig file to clean (duplicates ignored). `which` picks marks (default: all). */
export async function removeSetupEntries(
  store: KubeconfigStore,
  paths: string[],
  which: (mark: OwnerMark) => boolean = () => true,
): Promise<RemovedFromFile[]> {
  const results: RemovedFromFile[] = [];
  for (const path of [...new Set(paths)]) {
    const first = await store.read(path);
    if (!first.exists || !holdsOwned(first.doc, which)) continue;
    results.push(
      await store.withLock(path, async () => {
        const current = await store.read(path);
        const { doc, removed, clearedCurrentContext } = removeOwnedEntries(current.doc, which);
        if (removed.length === 0) return { path, removed, clearedCurrentContext };
        const { backupPath } = await store.write(path, store.serialize(doc));
        return { path, removed, clearedCurrentContext, ...(backupPath ? { backupPath } : {}) };
      }),
    );
  }
  return results;
}
