// The one call `eks-login adopt` makes: read the kubeconfig files and adopt's record, plan (adopt), show
// or confirm, then per file under client-go's lock: re-read, re-plan, record the original exec entries, write
// atomically with one backup (the KubeconfigStore, as setup does). `--undo` runs the same steps backwards.
import { readAdoptRecord, writeAdoptRecord } from './adopt-record-file.node.js';
import { execLauncherFor } from '../kubeconfig/wire.js';
import { unifiedDiff } from '../infra/unified-diff.js';
import { planAdopt, planUndo, type AdoptSelection } from './plan-adopt.js';
import { updateAdoptRecord, type AdoptedUser } from './record.js';
import { describeAdoption, renderAdopt, renderUndo, type AdoptOutcome } from './render-adopt.js';
import type { Write } from '../kernel/write.js';
import { readKubeconfigs } from '../kubeconfig/update.js';
import { confirm } from '../setup/choose.js';
import { UsageError } from '../kernel/errors.js';
import type { KubeconfigStore } from '../kernel/ports.js';
import type { Services } from '../services/services.js';

export interface AdoptFlags extends AdoptSelection {
  kubeconfig?: string | undefined;
  dryRun?: boolean | undefined;
  yes?: boolean | undefined;
  undo?: boolean | undefined;
}

export async function adoptContexts(s: Services, flags: AdoptFlags): Promise<Write[]> {
  const store = await s.kubeconfigStore((m) => s.logger.warn(m));
  return flags.undo ? undo(s, store, flags) : adopt(s, store, flags);
}

async function adopt(s: Services, store: KubeconfigStore, flags: AdoptFlags): Promise<Write[]> {
  const location = s.kubeconfigLocation(flags.kubeconfig);
  // The same absolute-command rules as setup (the platform module: node and the CLI script by absolute path).
  const launcher = execLauncherFor(s);
  const planNow = async () => {
    const files = await readKubeconfigs(store, location);
    return { files, plan: planAdopt(files, flags, launcher, await readAdoptRecord(s.paths.configDir)) };
  };
  const { files, plan } = await planNow();
  if (plan.changes.length === 0) return renderAdopt(plan, { dryRun: Boolean(flags.dryRun), files: [] });
  if (flags.dryRun) return renderAdopt(plan, { dryRun: true, files: diffs(store, files, plan.docs) });
  await confirmOrRefuse(s, flags, describeAdoption(plan), 'Rewrite these exec entries to run eks-login?');
  const outcome = await rewriteUnderLock(s, store, planNow, plan.docs.keys(), (path, again) => {
    const at = s.clock.now().toISOString();
    const adopted: AdoptedUser[] = again.plan.changes
      .filter((c) => c.file === path)
      .map((c) => ({
        kubeconfig: c.file,
        user: c.user,
        contexts: c.contexts,
        tool: c.tool,
        original: c.before,
        adopted: c.after,
        at,
      }));
    // The originals are recorded before the file changes, so --undo always has them.
    return { update: { adopted }, recordFirst: true };
  });
  return renderAdopt(plan, outcome);
}

async function undo(s: Services, store: KubeconfigStore, flags: AdoptFlags): Promise<Write[]> {
  const location = s.kubeconfigLocation(flags.kubeconfig);
  const planNow = async () => {
    const record = await readAdoptRecord(s.paths.configDir);
    const locationFiles = await readKubeconfigs(store, location);
    const paths = [...new Set(record.users.map((u) => u.kubeconfig))].filter(
      (p) => !locationFiles.some((f) => f.path === p),
    );
    const files = [...locationFiles, ...(await Promise.all(paths.map((p) => store.read(p))))];
    return { files, record, plan: planUndo(files, locationFiles, flags, record) };
  };
  const { files, plan } = await planNow();
  if (plan.changes.length === 0 || flags.dryRun) {
    if (!flags.dryRun && plan.dropped.length)
      await writeAdoptRecord(
        s.paths.configDir,
        updateAdoptRecord(await readAdoptRecord(s.paths.configDir), { restored: plan.dropped }),
      );
    return renderUndo(plan, { dryRun: Boolean(flags.dryRun), files: diffs(store, files, plan.docs) });
  }
  await confirmOrRefuse(
    s,
    flags,
    plan.changes.map((c) => `${c.contexts.join(', ')}: user ${c.user} in ${c.file}: back to its original exec`),
    'Restore these exec entries?',
  );
  const outcome = await rewriteUnderLock(s, store, planNow, plan.docs.keys(), (path, again) => ({
    update: {
      restored: [
        ...again.plan.changes.filter((c) => c.file === path).map((c) => ({ kubeconfig: c.file, user: c.user })),
        ...again.plan.dropped,
      ],
    },
    recordFirst: false,
  }));
  return renderUndo(plan, outcome);
}

type RecordChange = Parameters<typeof updateAdoptRecord>[1];

/**
 * Each file of the plan rewritten under its lock, planned again there (kubectl or another tool may have changed
 * it since), with adopt's record updated before or after the write as `change` says.
 */
async function rewriteUnderLock<T extends { plan: { docs: Map<string, Record<string, unknown>> } }>(
  s: Services,
  store: KubeconfigStore,
  planNow: () => Promise<T>,
  paths: Iterable<string>,
  change: (path: string, again: T) => { update: RecordChange; recordFirst: boolean },
): Promise<AdoptOutcome> {
  const record = async (update: RecordChange) =>
    writeAdoptRecord(s.paths.configDir, updateAdoptRecord(await readAdoptRecord(s.paths.configDir), update));
  const outcome: AdoptOutcome = { dryRun: false, files: [] };
  for (const path of paths) {
    outcome.files.push(
      await store.withLock(path, async () => {
        const again = await planNow();
        const doc = again.plan.docs.get(path);
        if (!doc) return { path, diff: '' };
        await store.checkWritable(path);
        const { update, recordFirst } = change(path, again);
        if (recordFirst) await record(update);
        const { backupPath } = await store.write(path, store.serialize(doc));
        if (!recordFirst) await record(update);
        return { path, diff: '', backupPath };
      }),
    );
  }
  return outcome;
}

function diffs(
  store: KubeconfigStore,
  files: Array<{ path: string; text: string }>,
  docs: Map<string, Record<string, unknown>>,
): AdoptOutcome['files'] {
  return [...docs].map(([path, doc]) => ({
    path,
    diff: unifiedDiff(path, files.find((f) => f.path === path)!.text, store.serialize(doc), 'adopt'),
  }));
}

/** Without a terminal, only --yes may go on (exit 2 otherwise); on one, the changes are shown and confirmed. */
async function confirmOrRefuse(s: Services, flags: AdoptFlags, lines: string[], question: string): Promise<void> {
  if (flags.yes) return;
  if (!s.isInteractiveTerminal) {
    throw new UsageError(
      `adopt${flags.undo ? ' --undo' : ''} rewrites kubeconfig and there is no terminal to confirm it`,
      {
        code: 'CONFIRMATION_NEEDED',
        hint: 'pass --yes, or --dry-run to see the change first',
      },
    );
  }
  for (const text of lines) s.stderr.write(`${text}\n`);
  if (!(await confirm(await s.prompter(), question)))
    throw new UsageError('adopt cancelled: nothing changed', { code: 'CANCELLED' });
}
