// The self-review APIs kubectl uses: SelfSubjectReview (`kubectl auth whoami`), SelfSubjectAccessReview
// (`kubectl auth can-i`) and SelfSubjectRulesReview (`kubectl auth can-i --list`).
import type { KubeUser } from './identity-mapping.js';
import type { Attributes, Rbac } from './rbac.js';

export function selfSubjectReview(user: KubeUser, apiVersion: string, now: Date): unknown {
  return {
    kind: 'SelfSubjectReview',
    apiVersion: `authentication.k8s.io/${apiVersion}`,
    metadata: { creationTimestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z') },
    status: { userInfo: { username: user.username, uid: user.uid, groups: user.groups, extra: user.extra } },
  };
}

interface AccessReviewSpec {
  resourceAttributes?: {
    namespace?: string;
    verb?: string;
    group?: string;
    resource?: string;
    subresource?: string;
    name?: string;
  };
  nonResourceAttributes?: { path?: string; verb?: string };
}

export function selfSubjectAccessReview(user: KubeUser, rbac: Rbac, body: { spec?: AccessReviewSpec }): unknown {
  const spec = body.spec ?? {};
  let attrs: Attributes;
  if (spec.nonResourceAttributes)
    attrs = { verb: spec.nonResourceAttributes.verb ?? 'get', path: spec.nonResourceAttributes.path ?? '/' };
  else {
    const r = spec.resourceAttributes ?? {};
    attrs = { verb: r.verb ?? 'get', apiGroup: r.group ?? '', resource: r.resource ?? '' };
    if (r.namespace) attrs.namespace = r.namespace;
    if (r.subresource) attrs.subresource = r.subresource;
    if (r.name) attrs.name = r.name;
  }
  const allowed = rbac.authorize(user, attrs);
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: {},
    spec,
    status: { allowed, ...(allowed ? { reason: "RBAC: allowed by the sandbox's RBAC rules" } : {}) },
  };
}

export function selfSubjectRulesReview(user: KubeUser, rbac: Rbac, body: { spec?: { namespace?: string } }): unknown {
  const namespace = body.spec?.namespace ?? 'default';
  const rules = rbac.rulesFor(user, namespace);
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: {},
    spec: { namespace },
    status: {
      resourceRules: rules
        .filter((r) => !r.nonResourceURLs)
        .map((r) => ({
          verbs: r.verbs,
          apiGroups: r.apiGroups ?? [],
          resources: r.resources ?? [],
          ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}),
        })),
      nonResourceRules: rules
        .filter((r) => r.nonResourceURLs)
        .map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
      incomplete: false,
    },
  };
}
