// `admin plan`: reads IAM, each cluster's EKS access (access entries or aws-auth) and RBAC through the
// ports, and compares them with the access file. Reads only; `apply` runs the plan's steps.
import { ConfigError } from '../kernel/errors.js';
import type { AccessFile } from './access/types.js';
import type { AdminPlan, ClusterPlanInput } from './model.js';
import { groupsOnCluster } from './desired.js';
import { PlanBuilder } from './plan-builder.js';
import { planAccessEntries, planAwsAuth } from './plan-eks.js';
import { planIam } from './plan-iam.js';
import { planRbac } from './plan-rbac.js';
import { roleArn, type Identity } from './names.js';
import type { ClusterDescription, EksPort, IamPort, KubePort, YamlCodec } from '../kernel/admin-ports.js';

export interface ClusterRef {
  name: string;
  region: string;
  description: ClusterDescription;
}

export interface AdminDeps {
  identity: Identity;
  iam: IamPort;
  eks: EksPort;
  yaml: YamlCodec;
  /** The cluster's Kubernetes API as the admin (built once per cluster by the caller). */
  kube(cluster: ClusterRef): Promise<KubePort>;
}

export interface PlanResult {
  plan: AdminPlan;
  clusters: ClusterRef[];
  mappings: Record<string, 'access-entries' | 'aws-auth'>;
}

export function checkAccount(access: AccessFile, identity: Identity): void {
  if (access.account !== undefined && access.account !== identity.account) {
    throw new ConfigError(
      `access file ${access.name} is for account ${access.account}, but the admin credentials are ${identity.arn} (account ${identity.account})`,
      {
        code: 'ACCESS_ACCOUNT_MISMATCH',
        hint: 'use credentials of the account the file names (AWS_PROFILE=…), or correct `account`',
      },
    );
  }
}

export async function planAccess(
  access: AccessFile,
  deps: AdminDeps,
  options: { prune: boolean },
): Promise<PlanResult> {
  checkAccount(access, deps.identity);
  const b = new PlanBuilder(options.prune);
  await planIam(access, deps.identity, deps.iam, b);

  const principals = new Map<string, string>();
  for (const group of access.groups) {
    if (group.role) principals.set(group.name, roleArn(deps.identity, group));
    else if (group.sso) {
      const found = await deps.iam.findSsoRole(group.sso.roleName);
      if (found) principals.set(group.name, found.arn);
      else
        b.conflict({
          system: 'EKS access',
          target: `permission set ${group.sso.roleName}`,
          reason: `group ${group.name}: no role AWSReservedSSO_${group.sso.roleName}_… in account ${deps.identity.account}; assign the permission set to this account in IAM Identity Center first (it creates the role)`,
        });
    }
  }

  const clusters: ClusterRef[] = [];
  const mappings: PlanResult['mappings'] = {};
  for (const c of access.clusters) {
    const description = await deps.eks.describeCluster(c.name, c.region);
    const ref = { name: c.name, region: c.region, description };
    clusters.push(ref);
    const apiAllowed = description.authenticationMode !== 'CONFIG_MAP';
    const mode = c.mapping ?? (apiAllowed ? 'access-entries' : 'aws-auth');
    mappings[c.name] = mode;
    if (mode === 'access-entries' && !apiAllowed) {
      b.conflict({
        system: 'EKS access',
        target: `cluster ${c.name}`,
        reason:
          "mapping: access-entries, but the cluster's authenticationMode is CONFIG_MAP; switch it to API_AND_CONFIG_MAP (aws eks update-cluster-config --access-config authenticationMode=API_AND_CONFIG_MAP) or use mapping: aws-auth",
      });
      continue;
    }
    if (mode === 'aws-auth' && description.authenticationMode === 'API') {
      b.conflict({
        system: 'EKS access',
        target: `cluster ${c.name}`,
        reason:
          "mapping: aws-auth, but the cluster's authenticationMode is API (it ignores aws-auth); use mapping: access-entries",
      });
      continue;
    }
    const onCluster = groupsOnCluster(access, c.name);
    const groups = onCluster.flatMap((group) =>
      principals.has(group.name) ? [{ group, principalArn: principals.get(group.name)! }] : [],
    );
    const input: ClusterPlanInput = {
      access: access.name,
      cluster: c.name,
      region: c.region,
      identity: deps.identity,
      groups,
    };
    for (const { group } of groups.filter((g) => g.group.kubernetes.accessPolicy && mode === 'aws-auth')) {
      b.conflict({
        system: 'EKS access',
        target: `group ${group.name}`,
        cluster: c.name,
        reason:
          'accessPolicy needs access entries, but this cluster maps with aws-auth (authenticationMode CONFIG_MAP); use rules or clusterRole',
      });
    }
    const kube = await deps.kube(ref);
    if (mode === 'access-entries') await planAccessEntries(input, deps.eks, b);
    else await planAwsAuth(input, kube, deps.yaml, deps.iam, b);
    await planRbac(access.name, c.name, onCluster, kube, b);
  }
  return { plan: b.build(access.name), clusters, mappings };
}
