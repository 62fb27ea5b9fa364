// The pure heart of setup's kubeconfig write: given the files and the desired contexts, compute the new
// target document and the list of changes. Foreign entries are never touched (a collision is an error
// unless `force`); owned entries of the bundle that are no longer wanted are removed.
import { ConfigError } from '../kernel/errors.js';
import { mergeOwnedEntry, sameValue } from './merge-entry.js';
import {
  entriesOf,
  ENTRY_KINDS,
  innerOf,
  INNER_KEY,
  type EntryKind,
  type KubeconfigDoc,
  type LoadedKubeconfig,
  type NamedEntry,
} from './model.js';
import { ownerOf } from './owner.js';
import { mergedCurrentContext } from './resolve-context.js';
import type { DesiredContext } from './desired.js';

type ChangeAction = 'added' | 'updated' | 'replaced' | 'removed';
export interface KubeconfigChange {
  action: ChangeAction;
  /** The context name (setup names cluster, user and context alike). */
  name: string;
  /** Why it was removed, e.g. "cluster old is no longer in bundle acme for group developers". */
  reason?: string;
}

export interface PlanInput {
  files: LoadedKubeconfig[];
  target: LoadedKubeconfig;
  bundle: string;
  desired: DesiredContext[];
  force?: boolean;
  /** --use: make the first desired context current. */
  use?: boolean;
}

export interface PlanResult {
  doc: KubeconfigDoc;
  changes: KubeconfigChange[];
  /** Set when current-context changes: the new value ('' when cleared). */
  currentContext?: string;
  /** The current context this plan removed (then current-context is cleared, never moved to another cluster). */
  removedCurrentContext?: string;
  /** False when the document is semantically the same: nothing needs writing. */
  changed: boolean;
  /** Contexts eks-login did not write that name a cluster or user entry this plan removes. */
  orphanedContexts: string[];
}

const SINGULAR: Record<EntryKind, string> = { clusters: 'cluster', users: 'user', contexts: 'context' };

/** A document with the three lists present (added at the end when missing). New files get the usual header. */
function withLists(doc: KubeconfigDoc, isNew: boolean): KubeconfigDoc {
  const out: KubeconfigDoc =
    isNew && Object.keys(doc).length === 0 ? { apiVersion: 'v1', kind: 'Config', preferences: {} } : { ...doc };
  for (const kind of ENTRY_KINDS) out[kind] = Array.isArray(out[kind]) ? [...(out[kind] as NamedEntry[])] : [];
  return out;
}

function collisions(input: PlanInput): string[] {
  const found: string[] = [];
  for (const desired of input.desired) {
    for (const kind of ENTRY_KINDS) {
      for (const file of input.files) {
        const existing = entriesOf(file.doc, kind).find((e) => e.name === desired.name);
        if (!existing || ownerOf(existing, kind)?.bundle === input.bundle) continue;
        if (file.path === input.target.path && input.force) continue;
        const owner = ownerOf(existing, kind);
        const by = owner ? `written by eks-login for bundle ${owner.bundle}` : 'not written by eks-login';
        found.push(`${SINGULAR[kind]} "${desired.name}" in ${file.path} (${by})`);
      }
    }
  }
  return found;
}

export function planKubeconfigUpdate(input: PlanInput): PlanResult {
  const clash = collisions(input);
  if (clash.length > 0) {
    throw new ConfigError(`kubeconfig entries already exist: ${clash.join('; ')}`, {
      code: 'KUBECONFIG_COLLISION',
      hint: 'delete or rename them (e.g. `kubectl config delete-context NAME`), change contextNameTemplate in the bundle, or re-run with --force to replace entries in the target file',
    });
  }
  const doc = withLists(input.target.doc, !input.target.exists);
  const changes: KubeconfigChange[] = [];
  const wanted = new Map(input.desired.map((d) => [d.name, d]));
  for (const kind of ENTRY_KINDS) {
    const list = doc[kind] as NamedEntry[];
    const next: NamedEntry[] = [];
    for (const entry of list) {
      const mark = ownerOf(entry, kind);
      const desired = wanted.get(entry.name);
      if (desired)
        next.push(
          mergeOwnedEntry(
            kind,
            entry,
            desired[INNER_KEY[kind] as 'cluster' | 'user' | 'context'],
            mark?.bundle !== input.bundle,
          ),
        );
      else if (mark?.bundle !== input.bundle) next.push(entry);
    }
    const present = new Set(list.map((e) => e.name));
    for (const desired of input.desired) {
      if (present.has(desired.name)) continue;
      const entry = structuredClone(desired[INNER_KEY[kind] as 'cluster' | 'user' | 'context']);
      next.push(kind === 'contexts' ? withPersonalFields(entry, renamedFrom(list, input.bundle, desired)) : entry);
    }
    doc[kind] = next;
  }
  describeChanges(input, doc, changes);
  const { currentContext, removedCurrentContext } = decideCurrentContext(input, doc);
  if (currentContext !== undefined) doc['current-context'] = currentContext;
  const changed = JSON.stringify(doc) !== JSON.stringify(input.target.exists ? input.target.doc : {});
  return {
    doc,
    changes,
    changed,
    orphanedContexts: orphanedContexts(input.target.doc, doc),
    ...(currentContext !== undefined ? { currentContext } : {}),
    ...(removedCurrentContext ? { removedCurrentContext } : {}),
  };
}

/** An owned context of the same (bundle, group, cluster) under another name: the person renamed it. */
function renamedFrom(list: NamedEntry[], bundle: string, desired: DesiredContext): NamedEntry | undefined {
  return list.find((e) => {
    const mark = ownerOf(e, 'contexts');
    return (
      e.name !== desired.name &&
      mark?.bundle === bundle &&
      mark.group === desired.mark.group &&
      mark.cluster === desired.mark.cluster
    );
  });
}

/** The fields a person sets on a context (namespace, …) carried from a renamed context to its replacement. */
function withPersonalFields(entry: NamedEntry, renamed: NamedEntry | undefined): NamedEntry {
  if (!renamed) return entry;
  const { cluster: _c, user: _u, extensions: _e, ...personal } = innerOf(renamed, 'contexts');
  if (Object.keys(personal).length === 0) return entry;
  return { ...entry, context: { ...innerOf(entry, 'contexts'), ...personal } };
}

/** Contexts eks-login did not write whose cluster or user entry existed before and is gone now. */
function orphanedContexts(before: KubeconfigDoc, after: KubeconfigDoc): string[] {
  const gone = (kind: 'clusters' | 'users', name: unknown) =>
    typeof name === 'string' &&
    entriesOf(before, kind).some((e) => e.name === name) &&
    !entriesOf(after, kind).some((e) => e.name === name);
  return entriesOf(after, 'contexts')
    .filter((e) => !ownerOf(e, 'contexts'))
    .filter((e) => gone('clusters', innerOf(e, 'contexts').cluster) || gone('users', innerOf(e, 'contexts').user))
    .map((e) => e.name);
}

function describeChanges(input: PlanInput, doc: KubeconfigDoc, changes: KubeconfigChange[]): void {
  const before = input.target.doc;
  for (const desired of input.desired) {
    const old = ENTRY_KINDS.map((kind) => entriesOf(before, kind).find((e) => e.name === desired.name));
    if (old.every((e) => e === undefined)) changes.push({ action: 'added', name: desired.name });
    else if (old.some((e, i) => e && ownerOf(e, ENTRY_KINDS[i]!)?.bundle !== input.bundle))
      changes.push({ action: 'replaced', name: desired.name });
    else {
      const now = ENTRY_KINDS.map((kind) => entriesOf(doc, kind).find((e) => e.name === desired.name));
      if (!sameValue(old, now)) changes.push({ action: 'updated', name: desired.name });
    }
  }
  const removed = new Map<string, string>();
  for (const kind of ENTRY_KINDS) {
    for (const entry of entriesOf(before, kind)) {
      const mark = ownerOf(entry, kind);
      if (mark?.bundle !== input.bundle || input.desired.some((d) => d.name === entry.name) || removed.has(entry.name))
        continue;
      const stillWanted = input.desired.find((d) => d.mark.cluster === mark.cluster && d.mark.group === mark.group);
      const personal =
        kind === 'contexts'
          ? Object.keys(innerOf(entry, 'contexts')).filter((k) => !['cluster', 'user', 'extensions'].includes(k))
          : [];
      const namespace = innerOf(entry, 'contexts').namespace;
      const reason = stillWanted
        ? `now named ${stillWanted.name}${personal.length ? ` (your ${typeof namespace === 'string' ? `namespace ${namespace}` : personal.join(', ')} carried over)` : ''}`
        : input.desired.some((d) => d.mark.group === mark.group)
          ? `cluster ${mark.cluster} is no longer in bundle ${input.bundle} for group ${mark.group}`
          : `group ${mark.group} is no longer in bundle ${input.bundle}`;
      removed.set(entry.name, reason);
    }
  }
  for (const [name, reason] of removed) changes.push({ action: 'removed', name, reason });
}

/**
 * current-context changes with --use, or when none is set. When it named a context this run removed (its cluster
 * left the bundle), it is cleared, never moved to another cluster: kubectl then fails loudly instead of acting on a
 * cluster the person did not pick (the caller warns).
 */
function decideCurrentContext(
  input: PlanInput,
  doc: KubeconfigDoc,
): { currentContext?: string; removedCurrentContext?: string } {
  const first = input.desired[0]?.name;
  const merged = mergedCurrentContext(input.files.map((f) => (f.path === input.target.path ? { ...f, doc } : f)));
  const dangling =
    merged !== undefined &&
    !input.files.some(
      (f) => f.path !== input.target.path && entriesOf(f.doc, 'contexts').some((e) => e.name === merged),
    ) &&
    !entriesOf(doc, 'contexts').some((e) => e.name === merged);
  if (input.use && first) return merged === first && doc['current-context'] === first ? {} : { currentContext: first };
  const removedNow = dangling && entriesOf(input.target.doc, 'contexts').some((e) => e.name === merged);
  if (removedNow) return { currentContext: '', removedCurrentContext: merged };
  if (!first) return dangling ? { currentContext: '' } : {};
  if (merged === undefined || dangling) return { currentContext: first };
  return {};
}
