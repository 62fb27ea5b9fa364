// "What may I do here": SelfSubjectRulesReview for one namespace, and the compact resources × verbs view.
// Pure; HTTP through the KubeApi port.
import type { KubeApi } from '../../kernel/ports.js';
import { assertSuccess } from './self-review.js';

export interface ResourceRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
}
interface NonResourceRule {
  verbs: string[];
  nonResourceURLs: string[];
}
interface RulesReview {
  namespace: string;
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  /** True when the authorizer could not list every rule (e.g. a webhook authorizer). */
  incomplete: boolean;
  evaluationError?: string;
}

export type RulesReviewResult =
  { outcome: 'ok'; review: RulesReview } | { outcome: 'unauthorized' } | { outcome: 'forbidden'; message: string };

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export async function reviewRules(api: KubeApi, namespace: string): Promise<RulesReviewResult> {
  const res = await api.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectRulesReview',
    spec: { namespace },
  });
  if (res.status === 401) return { outcome: 'unauthorized' };
  if (res.status === 403) {
    const message = (res.body as { message?: unknown } | null)?.message;
    return { outcome: 'forbidden', message: typeof message === 'string' ? message : 'HTTP 403' };
  }
  assertSuccess(res, 'SelfSubjectRulesReview');
  const status = ((res.body as { status?: Record<string, unknown> } | null)?.status ?? {}) as Record<string, unknown>;
  const resourceRules = (Array.isArray(status.resourceRules) ? status.resourceRules : []).map(
    (r: Record<string, unknown>) => ({
      verbs: strings(r.verbs),
      apiGroups: strings(r.apiGroups),
      resources: strings(r.resources),
      ...(Array.isArray(r.resourceNames) && r.resourceNames.length ? { resourceNames: strings(r.resourceNames) } : {}),
    }),
  );
  const nonResourceRules = (Array.isArray(status.nonResourceRules) ? status.nonResourceRules : []).map(
    (r: Record<string, unknown>) => ({
      verbs: strings(r.verbs),
      nonResourceURLs: strings(r.nonResourceURLs),
    }),
  );
  return {
    outcome: 'ok',
    review: {
      namespace,
      resourceRules,
      nonResourceRules,
      incomplete: status.incomplete === true,
      ...(typeof status.evaluationError === 'string' && status.evaluationError
        ? { evaluationError: status.evaluationError }
        : {}),
    },
  };
}
