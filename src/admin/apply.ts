// `admin apply`: runs a plan's steps in order (IAM → EKS access → RBAC, deletions in reverse). It stops at
// the first failure and says what was applied and what not; since every step is computed from the live
// state, running apply again continues where it stopped without duplicating anything.
import { StoreError } from '../kernel/errors.js';
import type { AdminPlan, AwsAuthEntry, PlannedStep, Step } from './model.js';
import { readMapRoles } from './plan-eks.js';
import type { EksPort, IamPort, KubePort, YamlCodec } from '../kernel/admin-ports.js';

export interface ApplyDeps {
  iam: IamPort;
  eks: EksPort;
  yaml: YamlCodec;
  kube(cluster: string): Promise<KubePort>;
}

export interface ApplyOutcome {
  done: PlannedStep[];
  failed?: { step: PlannedStep; error: unknown };
  notRun: PlannedStep[];
}

export async function applyPlan(
  plan: AdminPlan,
  deps: ApplyDeps,
  onStep: (step: PlannedStep) => void = () => undefined,
): Promise<ApplyOutcome> {
  const done: PlannedStep[] = [];
  for (const [index, planned] of plan.steps.entries()) {
    try {
      await run(planned.step, deps);
    } catch (error) {
      return { done, failed: { step: planned, error }, notRun: plan.steps.slice(index + 1) };
    }
    done.push(planned);
    onStep(planned);
  }
  return { done, notRun: [] };
}

async function run(step: Step, d: ApplyDeps): Promise<void> {
  switch (step.kind) {
    case 'iam.createRole':
      return d.iam.createRole(step);
    case 'iam.updateTrust':
      return d.iam.updateTrustPolicy(step.name, step.trustPolicy);
    case 'iam.updateMaxSession':
      return d.iam.updateMaxSession(step.name, step.seconds);
    case 'iam.deleteRole':
      return d.iam.deleteRole(step.name);
    case 'iam.createGroup':
      return d.iam.createGroup(step.name, step.path);
    case 'iam.putGroupPolicy':
      return d.iam.putGroupPolicy(step.group, step.policyName, step.document);
    case 'iam.addMember':
      return d.iam.addUserToGroup(step.group, step.user);
    case 'iam.removeMember':
      return d.iam.removeUserFromGroup(step.group, step.user);
    case 'iam.deleteGroup':
      for (const user of step.members) await d.iam.removeUserFromGroup(step.name, user);
      for (const policy of step.policies) await d.iam.deleteGroupPolicy(step.name, policy);
      return d.iam.deleteGroup(step.name);
    case 'eks.createEntry':
      return d.eks.createAccessEntry(step.cluster, step.region, {
        principalArn: step.principalArn,
        username: step.username,
        kubernetesGroups: step.kubernetesGroups,
        tags: step.tags,
      });
    case 'eks.updateEntry':
      return d.eks.updateAccessEntry(step.cluster, step.region, {
        principalArn: step.principalArn,
        username: step.username,
        kubernetesGroups: step.kubernetesGroups,
      });
    case 'eks.deleteEntry':
      return d.eks.deleteAccessEntry(step.cluster, step.region, step.principalArn);
    case 'eks.associatePolicy':
      return d.eks.associateAccessPolicy(step.cluster, step.region, step.principalArn, step.policyArn, step.scope);
    case 'eks.disassociatePolicy':
      return d.eks.disassociateAccessPolicy(step.cluster, step.region, step.principalArn, step.policyArn);
    case 'awsauth.edit':
      return editAwsAuth(await d.kube(step.cluster), d.yaml, step.cluster, step.upsert, step.remove);
    case 'kube.apply':
      return (await d.kube(step.cluster)).apply(step.object);
    case 'kube.delete':
      return (await d.kube(step.cluster)).delete(step.objectKind, step.name, step.namespace);
  }
}

const ATTEMPTS = 3;

/** Read-modify-write with the ConfigMap's resourceVersion: every entry eks-login does not touch is kept as is. */
async function editAwsAuth(
  kube: KubePort,
  yaml: YamlCodec,
  cluster: string,
  upsert: AwsAuthEntry[],
  remove: string[],
): Promise<void> {
  const lower = (s: string | undefined): string => (s ?? '').toLowerCase();
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const configMap = await kube.get('ConfigMap', 'aws-auth', 'kube-system');
    const removed = new Set(remove.map(lower));
    const roles: unknown[] = readMapRoles(configMap?.data, yaml).filter((e) => !removed.has(lower(e.rolearn)));
    for (const entry of upsert) {
      const at = roles.findIndex((e) => lower((e as { rolearn?: string }).rolearn) === lower(entry.rolearn));
      if (at >= 0) roles[at] = entry;
      else roles.push(entry);
    }
    const data = { ...((configMap?.data as Record<string, string> | undefined) ?? {}), mapRoles: yaml.dump(roles) };
    const object = configMap
      ? { ...configMap, data }
      : { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'kube-system' }, data };
    if (await kube.writeConfigMap(object, !configMap)) return;
  }
  throw new StoreError(
    `cannot update aws-auth in cluster ${cluster}: it changed under eks-login ${ATTEMPTS} times in a row (409 Conflict on its resourceVersion)`,
    {
      code: 'AWS_AUTH_CONFLICT',
      hint: 'someone else is editing aws-auth; run `eks-login admin apply` again',
    },
  );
}
