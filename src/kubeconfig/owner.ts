// The ownership marker: an `extensions` item named `eks-login` inside each cluster, user and context
// entry setup writes. kubectl keeps extensions when it rewrites the file, so the mark survives
// `kubectl config use-context` and friends. Entries without it are foreign and never touched.
import { isRecord } from '../kernel/is-record.js';
import { innerOf, type EntryKind, type NamedEntry } from './model.js';

export const OWNER_EXTENSION_NAME = 'eks-login';

/** What the marker records. */
export interface OwnerMark {
  bundle: string;
  group: string;
  cluster: string;
}

/** The marker of an entry, or undefined for a foreign entry. */
export function ownerOf(entry: NamedEntry, kind: EntryKind): OwnerMark | undefined {
  const extensions = innerOf(entry, kind).extensions;
  if (!Array.isArray(extensions)) return undefined;
  for (const item of extensions) {
    if (!isRecord(item) || item.name !== OWNER_EXTENSION_NAME || !isRecord(item.extension)) continue;
    const { bundle, group, cluster } = item.extension;
    if (typeof bundle === 'string' && typeof group === 'string' && typeof cluster === 'string')
      return { bundle, group, cluster };
  }
  return undefined;
}

/** The `extensions` list that marks an entry as owned. */
export function ownerExtensions(mark: OwnerMark): Array<Record<string, unknown>> {
  return [
    {
      name: OWNER_EXTENSION_NAME,
      extension: { 'managed-by': 'eks-login', bundle: mark.bundle, group: mark.group, cluster: mark.cluster },
    },
  ];
}
