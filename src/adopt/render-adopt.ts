// What `eks-login adopt` says: the changes (stderr), the --dry-run diff (stdout), what was skipped and why,
// and how to undo. Pure; the diff text comes in from the `diff` adapter.
import type { AdoptPlan, UndoPlan } from './plan-adopt.js';
import type { Write } from '../kernel/write.js';

export interface AdoptOutcome {
  dryRun: boolean;
  /** Per changed file: the unified diff (dry run) and the backup written (otherwise). */
  files: Array<{ path: string; diff: string; backupPath?: string | undefined }>;
}

const line = (to: Write['to'], text: string): Write => ({ to, text: `${text}\n` });

/** The lines shown before the confirmation, and after the change. */
export function describeAdoption(plan: AdoptPlan): string[] {
  return plan.changes.map((c) => `${c.contexts.join(', ')}: user ${c.user} in ${c.file}: ${c.tool} → eks-login token`);
}

export function renderAdopt(plan: AdoptPlan, outcome: AdoptOutcome): Write[] {
  const out: Write[] = [];
  for (const context of plan.already) out.push(line('stderr', `${context}: already adopted`));
  for (const { context, reason } of plan.skipped) out.push(line('stderr', `${context}: not adopted: ${reason}`));
  if (plan.changes.length === 0) {
    out.push(line('stderr', plan.already.length ? 'nothing to change' : 'nothing to adopt'));
    return out;
  }
  if (outcome.dryRun) {
    for (const file of outcome.files) if (file.diff) out.push({ to: 'stdout', text: file.diff });
    for (const text of describeAdoption(plan)) out.push(line('stderr', `would adopt ${text}`));
    out.push(line('stderr', 'dry run: nothing written'));
    return out;
  }
  for (const text of describeAdoption(plan)) out.push(line('stderr', `adopted ${text}`));
  for (const file of outcome.files)
    if (file.backupPath) out.push(line('stderr', `backup of ${file.path}: ${file.backupPath}`));
  const contexts = plan.changes.flatMap((c) => c.contexts);
  out.push(
    line(
      'stderr',
      `kubectl now runs eks-login for ${contexts.join(', ')}; undo: eks-login adopt --undo ${contexts.length === 1 ? `--context ${contexts[0]}` : '--all'}`,
    ),
  );
  return out;
}

export function renderUndo(plan: UndoPlan, outcome: AdoptOutcome): Write[] {
  const out: Write[] = [];
  for (const dropped of plan.dropped) out.push(line('stderr', `${dropped.why}: nothing to restore`));
  for (const { context, reason } of plan.skipped) out.push(line('stderr', `${context}: not restored: ${reason}`));
  if (plan.changes.length === 0) {
    out.push(line('stderr', 'nothing to restore'));
    return out;
  }
  if (outcome.dryRun) {
    for (const file of outcome.files) if (file.diff) out.push({ to: 'stdout', text: file.diff });
    for (const c of plan.changes)
      out.push(line('stderr', `would restore ${c.contexts.join(', ')}: user ${c.user} in ${c.file}`));
    out.push(line('stderr', 'dry run: nothing written'));
    return out;
  }
  for (const c of plan.changes)
    out.push(
      line('stderr', `restored ${c.contexts.join(', ')}: user ${c.user} in ${c.file} runs its original exec again`),
    );
  for (const file of outcome.files)
    if (file.backupPath) out.push(line('stderr', `backup of ${file.path}: ${file.backupPath}`));
  return out;
}
