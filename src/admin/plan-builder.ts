// Collects changes, conflicts and steps while the planners look at each system; steps come out in apply's
// order: creations and updates IAM → EKS access → RBAC, then deletions RBAC → EKS access → IAM.
import type { AdminPlan, Change, Conflict, PlannedStep, Step } from './model.js';

type Phase = 'iam' | 'eks' | 'rbac';

export class PlanBuilder {
  private readonly changes: Change[] = [];
  private readonly conflicts: Conflict[] = [];
  private readonly ups: Record<Phase, PlannedStep[]> = { iam: [], eks: [], rbac: [] };
  private readonly downs: Record<Phase, PlannedStep[]> = { iam: [], eks: [], rbac: [] };

  constructor(private readonly prune: boolean) {}

  change(c: Change): void {
    this.changes.push(c);
  }
  conflict(c: Conflict): void {
    this.conflicts.push(c);
  }
  up(phase: Phase, step: Step, says: string): void {
    this.ups[phase].push({ step, says });
  }
  /** A deletion of an undeclared object: only planned with --prune. */
  down(phase: Phase, step: Step, says: string): void {
    if (this.prune) this.downs[phase].push({ step, says });
  }

  build(access: string): AdminPlan {
    const steps = [
      ...this.ups.iam,
      ...this.ups.eks,
      ...this.ups.rbac,
      ...this.downs.rbac,
      ...this.downs.eks,
      ...this.downs.iam,
    ];
    return { access, changes: this.changes, steps, conflicts: this.conflicts };
  }
}
