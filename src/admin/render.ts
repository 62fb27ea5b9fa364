// The plan as people read it (+ ~ - lines per system, "no changes" when in sync) and as JSON.
import type { AdminPlan, Change } from './model.js';
import { SYSTEMS, changeLine } from './model.js';

export function renderPlan(plan: AdminPlan, prune: boolean): string {
  const lines: string[] = [];
  for (const system of SYSTEMS) {
    const changes = plan.changes.filter((c) => c.system === system);
    if (changes.length === 0) continue;
    lines.push(`${system}:`);
    for (const c of changes) {
      lines.push(
        `  ${changeLine(c)}${c.pruneOnly && !prune ? '   (no longer declared: deleted by apply --prune)' : ''}`,
      );
      for (const d of c.details) lines.push(`      ${d}`);
    }
  }
  if (plan.conflicts.length > 0) {
    lines.push('conflicts (eks-login changes nothing while any is left):');
    for (const c of plan.conflicts)
      lines.push(`  ! ${c.system}: ${c.target}${c.cluster ? ` (cluster ${c.cluster})` : ''}: ${c.reason}`);
  }
  const pending = pendingChanges(plan, prune);
  if (pending.length === 0 && plan.conflicts.length === 0)
    lines.push(plan.changes.length === 0 ? 'no changes' : 'no changes (except objects only apply --prune deletes)');
  else if (pending.length > 0) lines.push(summary(pending));
  return `${lines.join('\n')}\n`;
}

function summary(changes: Change[]): string {
  const n = (op: Change['op']): number => changes.filter((c) => c.op === op).length;
  return `${n('+')} to add, ${n('~')} to change, ${n('-')} to delete`;
}

export function planJson(plan: AdminPlan, prune: boolean): Record<string, unknown> {
  return {
    access: plan.access,
    inSync: plan.conflicts.length === 0 && plan.changes.every((c) => c.pruneOnly && !prune),
    changeCount: pendingChanges(plan, prune).length,
    changes: plan.changes.map((c) => ({
      system: c.system,
      op: c.op,
      target: c.target,
      ...(c.cluster ? { cluster: c.cluster } : {}),
      details: c.details,
      ...(c.pruneOnly ? { pruneOnly: true } : {}),
    })),
    conflicts: plan.conflicts,
  };
}

/** The changes apply would make (objects only --prune deletes count only when pruning). */
export function pendingChanges(plan: AdminPlan, prune: boolean): Change[] {
  return plan.changes.filter((c) => !c.pruneOnly || prune);
}
