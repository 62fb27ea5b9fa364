// A plan: what changes (the + ~ - lines people read, per system) and the steps apply runs, in order.
import type { AccessGroup } from './access/types.js';
import type { Identity } from './names.js';
import type { AccessScope, KubeObject, NewRole, PolicyDocument, RbacKind } from '../kernel/admin-ports.js';

export type System = 'IAM' | 'EKS access' | 'Kubernetes RBAC' | 'bundle';
export const SYSTEMS: System[] = ['IAM', 'EKS access', 'Kubernetes RBAC', 'bundle'];

export interface Change {
  system: System;
  op: '+' | '~' | '-';
  /** What the object is, e.g. `IAM role developers` or `ClusterRole eks-login:developers`. */
  target: string;
  cluster?: string;
  details: string[];
  /** A marked object no longer declared: deleted only by `apply --prune`. */
  pruneOnly?: boolean;
}

/** An object of the same name that eks-login does not own (or that cannot become what the file says). */
export interface Conflict {
  system: System;
  target: string;
  cluster?: string;
  reason: string;
}

export interface AwsAuthEntry {
  rolearn: string;
  username: string;
  groups: string[];
}

export type Step =
  | ({ kind: 'iam.createRole' } & NewRole)
  | { kind: 'iam.updateTrust'; name: string; trustPolicy: PolicyDocument }
  | { kind: 'iam.updateMaxSession'; name: string; seconds: number }
  | { kind: 'iam.deleteRole'; name: string }
  | { kind: 'iam.createGroup'; name: string; path: string }
  | { kind: 'iam.putGroupPolicy'; group: string; policyName: string; document: PolicyDocument }
  | { kind: 'iam.addMember'; group: string; user: string }
  | { kind: 'iam.removeMember'; group: string; user: string }
  | { kind: 'iam.deleteGroup'; name: string; members: string[]; policies: string[] }
  | {
      kind: 'eks.createEntry';
      cluster: string;
      region: string;
      principalArn: string;
      username: string;
      kubernetesGroups: string[];
      tags: Record<string, string>;
    }
  | {
      kind: 'eks.updateEntry';
      cluster: string;
      region: string;
      principalArn: string;
      username: string;
      kubernetesGroups: string[];
    }
  | { kind: 'eks.deleteEntry'; cluster: string; region: string; principalArn: string }
  | {
      kind: 'eks.associatePolicy';
      cluster: string;
      region: string;
      principalArn: string;
      policyArn: string;
      scope: AccessScope;
    }
  | { kind: 'eks.disassociatePolicy'; cluster: string; region: string; principalArn: string; policyArn: string }
  /** Read-modify-write of aws-auth at apply time: upsert ours, remove listed, keep everything else. */
  | { kind: 'awsauth.edit'; cluster: string; upsert: AwsAuthEntry[]; remove: string[] }
  | { kind: 'kube.apply'; cluster: string; object: KubeObject }
  | { kind: 'kube.delete'; cluster: string; objectKind: RbacKind; name: string; namespace?: string };

export interface PlannedStep {
  step: Step;
  /** The plan lines this step makes true (for the partial-failure report). */
  says: string;
}

export interface AdminPlan {
  access: string;
  changes: Change[];
  steps: PlannedStep[];
  conflicts: Conflict[];
}

export function changeLine(c: Change): string {
  return `${c.op} ${c.target}${c.cluster ? ` (cluster ${c.cluster})` : ''}`;
}

/** One cluster of the access file, as the planners of its EKS access and aws-auth see it. */
export interface ClusterPlanInput {
  access: string;
  cluster: string;
  region: string;
  identity: Identity;
  groups: Array<{ group: AccessGroup; principalArn: string }>;
}
