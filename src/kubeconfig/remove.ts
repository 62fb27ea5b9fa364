// Removing what setup added (`logout --remove-contexts`): every entry carrying the eks-login mark,
// optionally only those of some bundles. Foreign entries are untouched.
import { currentContextOf, entriesOf, ENTRY_KINDS, type KubeconfigDoc } from './model.js';
import { ownerOf, type OwnerMark } from './owner.js';

export interface RemoveResult {
  doc: KubeconfigDoc;
  /** Names of removed entries (context names; setup names all three alike). */
  removed: string[];
  /** True when current-context named a removed context and was cleared. */
  clearedCurrentContext: boolean;
}

/** `which` picks the owned entries to remove (default: all of them). */
export function removeOwnedEntries(doc: KubeconfigDoc, which: (mark: OwnerMark) => boolean = () => true): RemoveResult {
  const out: KubeconfigDoc = { ...doc };
  const removed = new Set<string>();
  for (const kind of ENTRY_KINDS) {
    if (!Array.isArray(doc[kind])) continue;
    out[kind] = entriesOf(doc, kind).filter((entry) => {
      const mark = ownerOf(entry, kind);
      if (!mark || !which(mark)) return true;
      removed.add(entry.name);
      return false;
    });
  }
  const current = currentContextOf(doc);
  const clearedCurrentContext =
    current !== undefined && removed.has(current) && !entriesOf(out, 'contexts').some((e) => e.name === current);
  if (clearedCurrentContext) out['current-context'] = '';
  return { doc: out, removed: [...removed], clearedCurrentContext };
}
