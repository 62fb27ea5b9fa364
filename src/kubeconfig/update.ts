// Use case: write setup's contexts into kubeconfig. Reads every file of the location, picks the target,
// and under the target's lock re-reads, plans (collisions fail before anything is written), runs the
// caller's beforeWrite step (setup stores the secret there) and writes atomically.
import type { KubeconfigLocation, KubeconfigStore } from '../kernel/ports.js';
import { chooseTargetFile } from './locate.js';
import { entriesOf, ENTRY_KINDS, type LoadedKubeconfig } from './model.js';
import { ownerOf } from './owner.js';
import { planKubeconfigUpdate, type KubeconfigChange } from './plan.js';
import type { DesiredContext } from './desired.js';

export interface UpdateKubeconfigInput {
  location: KubeconfigLocation;
  bundle: string;
  desired: DesiredContext[];
  force?: boolean;
  use?: boolean;
  /** Compute and return the texts; take no lock, write nothing. */
  dryRun?: boolean;
  /** Runs under the lock after planning succeeded and before the file is written. */
  beforeWrite?: () => Promise<void>;
}

export interface UpdateKubeconfigResult {
  path: string;
  changes: KubeconfigChange[];
  currentContext?: string;
  /** The current context this change removed: current-context is then cleared (see plan.ts). */
  removedCurrentContext?: string;
  /** True when the file was (or, for a dry run, would be) rewritten. */
  changed: boolean;
  before: string;
  after: string;
  backupPath?: string;
  /** Contexts eks-login did not write that point at a cluster or user entry this change removes. */
  orphanedContexts: string[];
}

/** Reads every file of a location in order. */
export async function readKubeconfigs(
  store: KubeconfigStore,
  location: KubeconfigLocation,
): Promise<Array<LoadedKubeconfig & { text: string }>> {
  return Promise.all(location.paths.map((path) => store.read(path)));
}

function targetNames(files: LoadedKubeconfig[], input: UpdateKubeconfigInput): Set<string> {
  const names = new Set(input.desired.map((d) => d.name));
  for (const file of files) {
    for (const kind of ENTRY_KINDS) {
      for (const entry of entriesOf(file.doc, kind))
        if (ownerOf(entry, kind)?.bundle === input.bundle) names.add(entry.name);
    }
  }
  return names;
}

/** `render`: serialise the new text (needed to write or diff; the costly part on a large file). */
async function planOnce(store: KubeconfigStore, input: UpdateKubeconfigInput, render: boolean) {
  const files = await readKubeconfigs(store, input.location);
  const target = chooseTargetFile(files, targetNames(files, input)) as LoadedKubeconfig & { text: string };
  const plan = planKubeconfigUpdate({
    files,
    target,
    bundle: input.bundle,
    desired: input.desired,
    force: input.force,
    use: input.use,
  });
  const after = plan.changed && render ? store.serialize(plan.doc) : target.text;
  return { target, plan, after };
}

/** The plan only (target file, changes, collisions), no lock, no serialisation: for a preview. */
export async function previewKubeconfigUpdate(
  store: KubeconfigStore,
  input: UpdateKubeconfigInput,
): Promise<UpdateKubeconfigResult> {
  const { target, plan } = await planOnce(store, input, false);
  return {
    path: target.path,
    changes: plan.changes,
    changed: plan.changed,
    orphanedContexts: plan.orphanedContexts,
    before: target.text,
    after: target.text,
    ...(plan.currentContext !== undefined ? { currentContext: plan.currentContext } : {}),
    ...(plan.removedCurrentContext ? { removedCurrentContext: plan.removedCurrentContext } : {}),
  };
}

export async function updateKubeconfig(
  store: KubeconfigStore,
  input: UpdateKubeconfigInput,
): Promise<UpdateKubeconfigResult> {
  const result = (
    target: { path: string; text: string },
    plan: ReturnType<typeof planKubeconfigUpdate>,
    after: string,
    backupPath?: string,
  ) => ({
    path: target.path,
    changes: plan.changes,
    changed: plan.changed,
    orphanedContexts: plan.orphanedContexts,
    before: target.text,
    after,
    ...(plan.currentContext !== undefined ? { currentContext: plan.currentContext } : {}),
    ...(plan.removedCurrentContext ? { removedCurrentContext: plan.removedCurrentContext } : {}),
    ...(backupPath ? { backupPath } : {}),
  });
  const first = await planOnce(store, input, input.dryRun === true);
  if (input.dryRun) return result(first.target, first.plan, first.after);
  return store.withLock(first.target.path, async () => {
    // Re-read under the lock: another writer may have changed the file since the first read.
    const { target, plan, after } = await planOnce(store, input, true);
    // Everything that can fail before the caller's step (setup stores a key there): the file and its backup.
    if (plan.changed) await store.checkWritable(target.path);
    await input.beforeWrite?.();
    if (!plan.changed) return result(target, plan, after);
    const { backupPath } = await store.write(target.path, after);
    return result(target, plan, after, backupPath);
  });
}
