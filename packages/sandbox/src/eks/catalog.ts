// The API resources the EKS emulator serves, and the discovery documents kubectl reads to find them
// (unaggregated discovery: kubectl falls back to it when the answer is plain application/json).
import type { WorldCluster } from '../world-types.js';

export interface ResourceDef {
  group: string;
  version: string;
  name: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  /** `all` makes `kubectl get all` include it. */
  categories?: string[];
}

const RW = ['create', 'delete', 'get', 'list'];

export function catalog(cluster: WorldCluster): ResourceDef[] {
  const defs: ResourceDef[] = [
    {
      group: '',
      version: 'v1',
      name: 'namespaces',
      singularName: 'namespace',
      kind: 'Namespace',
      namespaced: false,
      verbs: ['get', 'list'],
      shortNames: ['ns'],
    },
    {
      group: '',
      version: 'v1',
      name: 'pods',
      singularName: 'pod',
      kind: 'Pod',
      namespaced: true,
      verbs: RW,
      shortNames: ['po'],
      categories: ['all'],
    },
    { group: '', version: 'v1', name: 'pods/log', singularName: '', kind: 'Pod', namespaced: true, verbs: ['get'] },
    {
      group: 'apps',
      version: 'v1',
      name: 'deployments',
      singularName: 'deployment',
      kind: 'Deployment',
      namespaced: true,
      verbs: RW,
      shortNames: ['deploy'],
      categories: ['all'],
    },
    {
      group: 'authentication.k8s.io',
      version: 'v1beta1',
      name: 'selfsubjectreviews',
      singularName: 'selfsubjectreview',
      kind: 'SelfSubjectReview',
      namespaced: false,
      verbs: ['create'],
    },
    {
      group: 'authorization.k8s.io',
      version: 'v1',
      name: 'selfsubjectaccessreviews',
      singularName: 'selfsubjectaccessreview',
      kind: 'SelfSubjectAccessReview',
      namespaced: false,
      verbs: ['create'],
    },
    {
      group: 'authorization.k8s.io',
      version: 'v1',
      name: 'selfsubjectrulesreviews',
      singularName: 'selfsubjectrulesreview',
      kind: 'SelfSubjectRulesReview',
      namespaced: false,
      verbs: ['create'],
    },
    {
      group: '',
      version: 'v1',
      name: 'configmaps',
      singularName: 'configmap',
      kind: 'ConfigMap',
      namespaced: true,
      verbs: ['create', 'delete', 'get', 'list', 'update'],
      shortNames: ['cm'],
    },
    ...[
      'clusterroles:ClusterRole',
      'clusterrolebindings:ClusterRoleBinding',
      'roles:Role',
      'rolebindings:RoleBinding',
    ].map((s) => {
      const [name, kind] = s.split(':') as [string, string];
      return {
        group: 'rbac.authorization.k8s.io',
        version: 'v1',
        name,
        singularName: kind.toLowerCase(),
        kind,
        namespaced: !name.startsWith('cluster'),
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'],
      };
    }),
  ];
  if (cluster.selfSubjectReviewV1) {
    defs.push({
      group: 'authentication.k8s.io',
      version: 'v1',
      name: 'selfsubjectreviews',
      singularName: 'selfsubjectreview',
      kind: 'SelfSubjectReview',
      namespaced: false,
      verbs: ['create'],
    });
  }
  return defs;
}

export function findResource(
  defs: ResourceDef[],
  group: string,
  version: string,
  name: string,
): ResourceDef | undefined {
  return defs.find((d) => d.group === group && d.version === version && d.name === name);
}

/** The discovery document for `path`, or undefined when it is not a discovery path. */
export function discovery(defs: ResourceDef[], path: string, serverAddress: string): unknown {
  const versionsOf = (group: string): string[] =>
    [...new Set(defs.filter((d) => d.group === group).map((d) => d.version))].sort().reverse();
  const trimmed = path.replace(/\/$/, '');
  if (trimmed === '/api')
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    };
  if (trimmed === '/apis') {
    const groups = [...new Set(defs.map((d) => d.group).filter(Boolean))];
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups.map((name) => {
        const versions = versionsOf(name).map((version) => ({ groupVersion: `${name}/${version}`, version }));
        return { name, versions, preferredVersion: versions[0] };
      }),
    };
  }
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(trimmed);
  if (!m) return undefined;
  const group = m[2] ?? '';
  const version = m[1] ?? m[3]!;
  const resources = defs.filter((d) => d.group === group && d.version === version);
  if (resources.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: resources.map((d) => ({
      name: d.name,
      singularName: d.singularName,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: d.verbs,
      ...(d.shortNames ? { shortNames: d.shortNames } : {}),
      ...(d.categories ? { categories: d.categories } : {}),
    })),
  };
}
