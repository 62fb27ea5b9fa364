// Kubernetes RBAC authorization over the world's manifests plus the bootstrap roles every cluster has
// (system:discovery, system:basic-user, system:public-info-viewer, cluster-admin for system:masters),
// and EKS access policies attached to access entries. Allow if any rule of any bound role matches.
import type { AccessEntry, KubeObject } from '../world-types.js';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Attributes {
  verb: string;
  /** Resource requests. */
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  /** Non-resource requests (/api, /version…). */
  path?: string;
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}
interface Binding extends KubeObject {
  subjects?: Subject[];
  roleRef: { kind: string; name: string };
}

const BOOTSTRAP: KubeObject[] = [
  role('cluster-admin', [
    { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    { verbs: ['*'], nonResourceURLs: ['*'] },
  ]),
  role('system:discovery', [
    {
      verbs: ['get'],
      nonResourceURLs: [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/readyz',
        '/version',
        '/version/',
        '/openapi',
        '/openapi/*',
      ],
    },
  ]),
  role('system:public-info-viewer', [
    { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
  ]),
  role('system:basic-user', [
    {
      verbs: ['create'],
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    },
    { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  ]),
  binding('cluster-admin', 'cluster-admin', 'system:masters'),
  binding('system:discovery', 'system:discovery', 'system:authenticated'),
  binding('system:public-info-viewer', 'system:public-info-viewer', 'system:authenticated'),
  binding('system:basic-user', 'system:basic-user', 'system:authenticated'),
];

/** What EKS access policies grant (a summary of the AWS-managed policies; docs/sandbox.md). */
const ACCESS_POLICIES: Record<string, PolicyRule[]> = {
  AmazonEKSClusterAdminPolicy: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
  AmazonEKSAdminPolicy: [
    { verbs: ['*'], apiGroups: ['', 'apps', 'batch', 'rbac.authorization.k8s.io'], resources: ['*'] },
  ],
  AmazonEKSEditPolicy: [
    {
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      apiGroups: ['', 'apps', 'batch'],
      resources: ['*'],
    },
  ],
  AmazonEKSViewPolicy: [{ verbs: ['get', 'list', 'watch'], apiGroups: ['', 'apps', 'batch'], resources: ['*'] }],
};

export class Rbac {
  /** `manifests`: the RBAC objects, or a function giving the live ones (writes take effect at once). */
  constructor(private readonly manifests: KubeObject[] | (() => KubeObject[])) {}

  get objects(): KubeObject[] {
    const live = typeof this.manifests === 'function' ? this.manifests() : this.manifests;
    return [...BOOTSTRAP, ...live.filter((o) => o.apiVersion?.startsWith('rbac.authorization.k8s.io/'))];
  }

  /** Every rule that applies to the user in `namespace` (cluster-wide rules included). */
  rulesFor(
    user: { username: string; groups: string[]; accessEntry?: AccessEntry },
    namespace: string | undefined,
  ): PolicyRule[] {
    const matchesSubject = (s: Subject): boolean =>
      (s.kind === 'User' && s.name === user.username) || (s.kind === 'Group' && user.groups.includes(s.name));
    const rules: PolicyRule[] = [];
    const objects = this.objects;
    for (const b of objects as Binding[]) {
      if (b.kind !== 'ClusterRoleBinding' && b.kind !== 'RoleBinding') continue;
      if (b.kind === 'RoleBinding' && b.metadata.namespace !== namespace) continue;
      if (!(b.subjects ?? []).some(matchesSubject)) continue;
      const roleKind = b.roleRef.kind;
      const target = objects.find(
        (o) =>
          o.kind === roleKind &&
          o.metadata.name === b.roleRef.name &&
          (roleKind === 'ClusterRole' || o.metadata.namespace === b.metadata.namespace),
      );
      rules.push(...((target?.rules as PolicyRule[] | undefined) ?? []));
    }
    for (const p of user.accessEntry?.accessPolicies ?? []) {
      if (p.namespaces && p.namespaces.length > 0 && (namespace === undefined || !p.namespaces.includes(namespace)))
        continue;
      rules.push(...(ACCESS_POLICIES[p.policy] ?? []));
    }
    return rules;
  }

  authorize(user: { username: string; groups: string[]; accessEntry?: AccessEntry }, attrs: Attributes): boolean {
    return this.rulesFor(user, attrs.namespace).some((rule) => ruleAllows(rule, attrs));
  }
}

export function ruleAllows(rule: PolicyRule, a: Attributes): boolean {
  if (!rule.verbs.includes('*') && !rule.verbs.includes(a.verb)) return false;
  if (a.path !== undefined)
    return (rule.nonResourceURLs ?? []).some(
      (u) => u === '*' || u === a.path || (u.endsWith('*') && a.path!.startsWith(u.slice(0, -1))),
    );
  if (!rule.apiGroups || !(rule.apiGroups.includes('*') || rule.apiGroups.includes(a.apiGroup ?? ''))) return false;
  const full = a.subresource ? `${a.resource}/${a.subresource}` : a.resource!;
  const resources = rule.resources ?? [];
  const resourceOk =
    resources.includes('*') ||
    resources.includes(full) ||
    (a.subresource !== undefined && resources.includes(`*/${a.subresource}`));
  if (!resourceOk) return false;
  return (
    !rule.resourceNames ||
    rule.resourceNames.length === 0 ||
    (a.name !== undefined && rule.resourceNames.includes(a.name))
  );
}

function role(name: string, rules: PolicyRule[]): KubeObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules };
}
function binding(name: string, roleName: string, group: string): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    subjects: [{ kind: 'Group', name: group }],
    roleRef: { kind: 'ClusterRole', name: roleName },
  };
}
