// The one model of what an access file asks for: the IAM roles and groups, each cluster's access entries or
// aws-auth entries, and the RBAC objects, with their names, policy documents and ownership marks. `admin plan`
// compares the live state with it (and `apply` writes what differs); `admin export` renders the same model as
// Terraform, CloudFormation or Kubernetes manifests, so the two cannot drift apart.
import type { AccessFile, AccessGroup } from './access/types.js';
import { DEFAULT_ROLE_PATH, DEFAULT_USERNAME } from './access/types.js';
import type { AwsAuthEntry } from './model.js';
import {
  GROUP_POLICY_NAME,
  accessPolicyArn,
  entryUsername,
  groupPolicy,
  iamGroupName,
  iamGroupPath,
  kubeGroup,
  marks,
  maxSession,
  pathlessRoleArn,
  rbacName,
  roleArn,
  trustPolicy,
  type Identity,
} from './names.js';
import type { AccessScope, IamRole, KubeObject, PolicyDocument } from '../kernel/admin-ports.js';

export type Mapping = 'access-entries' | 'aws-auth';

/** The role of a role group. */
export interface DesiredRole extends IamRole {
  group: string;
}

export interface DesiredIamGroup {
  group: string;
  name: string;
  path: string;
  /** The role its members may assume. */
  roleArn: string;
  policyName: string;
  policy: PolicyDocument;
  members: string[];
}

export interface DesiredAccessEntry {
  group: string;
  principalArn: string;
  username: string;
  kubernetesGroups: string[];
  tags: Record<string, string>;
  /** The EKS access policy associated with the entry (accessPolicy groups). */
  policy?: { policyArn: string; accessScope: AccessScope };
}

export interface DesiredCluster {
  name: string;
  region: string;
  mapping: Mapping;
  /** The groups that may use this cluster. */
  groups: AccessGroup[];
  accessEntries: DesiredAccessEntry[];
  /** The mapRoles entries eks-login merges into aws-auth (never the whole ConfigMap). */
  awsAuth: AwsAuthEntry[];
  rbac: KubeObject[];
}

export interface DesiredAccess {
  access: string;
  roles: DesiredRole[];
  iamGroups: DesiredIamGroup[];
  clusters: DesiredCluster[];
}

export function desiredRole(access: string, id: Identity, group: AccessGroup): DesiredRole {
  const spec = group.role!;
  return {
    group: group.name,
    name: spec.name,
    path: spec.path ?? DEFAULT_ROLE_PATH,
    arn: roleArn(id, group),
    trustPolicy: trustPolicy(id, group),
    maxSessionDuration: maxSession(group),
    tags: marks(access, group.name),
  };
}

export function desiredIamGroup(access: string, id: Identity, group: AccessGroup): DesiredIamGroup {
  const arn = roleArn(id, group);
  return {
    group: group.name,
    name: iamGroupName(group.name),
    path: iamGroupPath(access),
    roleArn: arn,
    policyName: GROUP_POLICY_NAME,
    policy: groupPolicy(arn),
    members: [...(group.members ?? [])],
  };
}

export function desiredAccessEntry(
  access: string,
  id: Identity,
  group: AccessGroup,
  principalArn: string,
): DesiredAccessEntry {
  const policy = group.kubernetes.accessPolicy;
  return {
    group: group.name,
    principalArn,
    username: entryUsername(group.kubernetes.username ?? DEFAULT_USERNAME, 'access-entries'),
    kubernetesGroups: [kubeGroup(group.name)],
    tags: marks(access, group.name),
    ...(policy
      ? {
          policy: {
            policyArn: accessPolicyArn(id.partition, policy),
            accessScope: scopeOf(group.kubernetes.namespaces),
          },
        }
      : {}),
  };
}

/** aws-auth maps the path-less role ARN (as the authenticator derives it from the session). */
export function desiredAwsAuthEntry(group: AccessGroup, principalArn: string): AwsAuthEntry {
  return {
    rolearn: pathlessRoleArn(principalArn),
    username: entryUsername(group.kubernetes.username ?? DEFAULT_USERNAME, 'aws-auth'),
    groups: [kubeGroup(group.name)],
  };
}

const RBAC = 'rbac.authorization.k8s.io/v1';

/** A ClusterRole eks-login:<name> for `rules`; a ClusterRoleBinding (or a RoleBinding per namespace) of the group. */
export function desiredRbac(access: string, group: AccessGroup): KubeObject[] {
  const k = group.kubernetes;
  if (k.accessPolicy) return [];
  const name = rbacName(group.name);
  const labels = marks(access, group.name);
  const objects: KubeObject[] = [];
  if (k.rules) objects.push({ apiVersion: RBAC, kind: 'ClusterRole', metadata: { name, labels }, rules: k.rules });
  const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: k.rules ? name : k.clusterRole! };
  const subjects = [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: kubeGroup(group.name) }];
  if (k.namespaces && k.namespaces.length > 0) {
    for (const namespace of k.namespaces)
      objects.push({ apiVersion: RBAC, kind: 'RoleBinding', metadata: { name, namespace, labels }, subjects, roleRef });
  } else objects.push({ apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name, labels }, subjects, roleRef });
  return objects;
}

export function groupsOnCluster(access: AccessFile, cluster: string): AccessGroup[] {
  return access.groups.filter((g) => !g.clusters || g.clusters.includes(cluster));
}

function scopeOf(namespaces: string[] | undefined): AccessScope {
  return namespaces && namespaces.length > 0
    ? { type: 'namespace', namespaces: [...namespaces].sort() }
    : { type: 'cluster' };
}

/**
 * The whole model. `principalOf` gives a group's IAM principal (its role's ARN, or the IAM Identity Center
 * role of its permission set; undefined when unknown); `mappingOf` how a cluster maps IAM principals.
 */
export function desiredAccess(
  access: AccessFile,
  id: Identity,
  principalOf: (group: AccessGroup) => string | undefined,
  mappingOf: (cluster: AccessFile['clusters'][number]) => Mapping,
): DesiredAccess {
  const roleGroups = access.groups.filter((g) => g.role);
  return {
    access: access.name,
    roles: roleGroups.map((g) => desiredRole(access.name, id, g)),
    iamGroups: roleGroups.map((g) => desiredIamGroup(access.name, id, g)),
    clusters: access.clusters.map((c) => {
      const mapping = mappingOf(c);
      const groups = groupsOnCluster(access, c.name);
      const mapped = groups.flatMap((group) => {
        const principalArn = principalOf(group);
        return principalArn === undefined ? [] : [{ group, principalArn }];
      });
      return {
        name: c.name,
        region: c.region,
        mapping,
        groups,
        accessEntries:
          mapping === 'access-entries'
            ? mapped.map(({ group, principalArn }) => desiredAccessEntry(access.name, id, group, principalArn))
            : [],
        awsAuth:
          mapping === 'aws-auth'
            ? mapped.map(({ group, principalArn }) => desiredAwsAuthEntry(group, principalArn))
            : [],
        rbac: groups.flatMap((g) => desiredRbac(access.name, g)),
      };
    }),
  };
}
