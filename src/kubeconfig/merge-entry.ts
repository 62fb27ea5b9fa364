// Updating an owned entry in place: the fields setup manages get their new values, everything else (a
// namespace, proxy-url, other extensions, fields kubectl adds such as `env: null`) stays, and a value
// that is already equal keeps its old form (key order included), so a file kubectl rewrote is not
// rewritten again.
import { OWNER_EXTENSION_NAME } from './owner.js';
import { isRecord } from '../kernel/is-record.js';
import { INNER_KEY, type EntryKind, type NamedEntry } from './model.js';

/** Deep equality of JSON-like values, ignoring key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameValue(a[key], b[key]));
}

/** `old` with `desired`'s keys applied: objects merge key by key, equal values keep their old form. */
function mergeManaged(old: unknown, desired: unknown): unknown {
  if (sameValue(old, desired)) return old;
  if (!isRecord(old) || !isRecord(desired)) return structuredClone(desired);
  const out: Record<string, unknown> = { ...old };
  for (const [key, value] of Object.entries(desired)) {
    out[key] = key === 'extensions' ? mergeExtensions(old.extensions, value) : mergeManaged(old[key], value);
  }
  return out;
}

/** Our `eks-login` extension item merged into the existing list, others kept in place. */
function mergeExtensions(existing: unknown, desired: unknown): unknown[] {
  const ours = (Array.isArray(desired) ? desired : []).find((e) => isRecord(e) && e.name === OWNER_EXTENSION_NAME);
  const theirs = Array.isArray(existing) ? existing : [];
  const index = theirs.findIndex((e) => isRecord(e) && e.name === OWNER_EXTENSION_NAME);
  if (index < 0) return [...theirs, structuredClone(ours)];
  return theirs.map((e, i) => (i === index ? mergeManaged(e, ours) : e));
}

/**
 * Returns `existing` with the managed fields of `desired` applied. `existing === undefined`, or a
 * foreign entry being replaced (`replace`), yields a copy of `desired`.
 */
export function mergeOwnedEntry(
  kind: EntryKind,
  existing: NamedEntry | undefined,
  desired: NamedEntry,
  replace = false,
): NamedEntry {
  if (!existing || replace) return structuredClone(desired);
  const key = INNER_KEY[kind];
  const inner = mergeManaged(isRecord(existing[key]) ? existing[key] : {}, desired[key]);
  return inner === existing[key] ? existing : { ...existing, [key]: inner };
}
