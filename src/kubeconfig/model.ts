// The kubeconfig as plain objects: core edits these; an adapter turns YAML text into them and back.
// Entries are kept as the parsed objects, so unknown fields and extensions survive every edit.
import { isRecord } from '../kernel/is-record.js';

/** A parsed kubeconfig document (the top-level mapping). Unknown keys are kept as they are. */
export type KubeconfigDoc = Record<string, unknown>;

/** The three named lists of a kubeconfig. */
export type EntryKind = 'clusters' | 'users' | 'contexts';
export const ENTRY_KINDS: readonly EntryKind[] = ['clusters', 'users', 'contexts'];

/** The inner key of each list item: `clusters[].cluster`, `users[].user`, `contexts[].context`. */
export const INNER_KEY: Record<EntryKind, 'cluster' | 'user' | 'context'> = {
  clusters: 'cluster',
  users: 'user',
  contexts: 'context',
};

/** One item of a named list: `{name, cluster|user|context, ...unknown}`. */
export type NamedEntry = Record<string, unknown> & { name: string };

/** A kubeconfig file as read: its path, the parsed document (empty object for a missing or empty file). */
export interface LoadedKubeconfig {
  path: string;
  /** False when the file does not exist yet. */
  exists: boolean;
  doc: KubeconfigDoc;
}

/** The entries of one list (a checked document has arrays of named records here, or nothing). */
export function entriesOf(doc: KubeconfigDoc, kind: EntryKind): NamedEntry[] {
  const list = doc[kind];
  return Array.isArray(list) ? (list as NamedEntry[]) : [];
}

export function findEntry(doc: KubeconfigDoc, kind: EntryKind, name: string): NamedEntry | undefined {
  return entriesOf(doc, kind).find((entry) => entry.name === name);
}

/** The inner object of an entry (`entry.cluster` etc.), or an empty object. */
export function innerOf(entry: NamedEntry, kind: EntryKind): Record<string, unknown> {
  const inner = entry[INNER_KEY[kind]];
  return isRecord(inner) ? inner : {};
}

/** The current-context of a document, when it is a non-empty string. */
export function currentContextOf(doc: KubeconfigDoc): string | undefined {
  const value = doc['current-context'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
