// Updating an owned entry in place: the fields setup manages are replaced, everything a person added
// (a namespace, proxy-url, other extensions, unknown keys) stays where it was.
import { OWNER_EXTENSION_NAME } from './owner.js';
import { INNER_KEY, isRecord, type EntryKind, type NamedEntry } from './model.js';

function mergeExtensions(existing: unknown, desired: unknown): unknown[] {
  const ours = Array.isArray(desired) ? desired : [];
  const theirs = Array.isArray(existing) ? existing : [];
  const index = theirs.findIndex((e) => isRecord(e) && e.name === OWNER_EXTENSION_NAME);
  const others = theirs.filter((e) => !(isRecord(e) && e.name === OWNER_EXTENSION_NAME));
  if (index < 0) return [...others, ...ours];
  return [...others.slice(0, index), ...ours, ...others.slice(index)];
}

/**
 * Returns `existing` with the managed fields of `desired` (inner keys, the owner extension) applied;
 * other keys keep their order and values. `existing === undefined` (or a replaced foreign entry when
 * `replace`) yields a copy of `desired`.
 */
export function mergeOwnedEntry(kind: EntryKind, existing: NamedEntry | undefined, desired: NamedEntry, replace = false): NamedEntry {
  if (!existing || replace) return structuredClone(desired);
  const key = INNER_KEY[kind];
  const oldInner = isRecord(existing[key]) ? (existing[key] as Record<string, unknown>) : {};
  const newInner = desired[key] as Record<string, unknown>;
  const inner: Record<string, unknown> = { ...oldInner };
  for (const [field, value] of Object.entries(newInner)) {
    inner[field] = field === 'extensions' ? mergeExtensions(oldInner.extensions, value) : structuredClone(value);
  }
  return { ...existing, [key]: inner };
}
