// "Who does the cluster think I am": SelfSubjectReview, v1 first, then v1beta1 and v1alpha1 on 404 for
// clusters older than Kubernetes 1.28 (or with the v1 API disabled). Pure; HTTP through the KubeApi port.
import { ConfigError, NetworkError } from '../../kernel/errors.js';
import type { KubeApi, KubeResponse } from '../../kernel/ports.js';

const SELF_REVIEW_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'] as const;
export type SelfReviewVersion = (typeof SELF_REVIEW_VERSIONS)[number];

export interface KubeUser {
  username: string;
  uid?: string;
  groups: string[];
  /** e.g. arn, sessionName, accessKeyId from aws-iam-authenticator / EKS access entries. */
  extra: Record<string, string[]>;
}

export type SelfReviewResult =
  | { outcome: 'ok'; apiVersion: SelfReviewVersion; user: KubeUser }
  /** 401: the server did not accept the token (the "You must be logged in" case). */
  | { outcome: 'unauthorized'; status: 401 }
  /** No version of the API is served (Kubernetes < 1.26 without the alpha gate). */
  | { outcome: 'unsupported' };

export async function reviewSelf(api: KubeApi): Promise<SelfReviewResult> {
  for (const version of SELF_REVIEW_VERSIONS) {
    const res = await api.request('POST', `/apis/authentication.k8s.io/${version}/selfsubjectreviews`, {
      apiVersion: `authentication.k8s.io/${version}`,
      kind: 'SelfSubjectReview',
    });
    if (res.status === 404) continue;
    if (res.status === 401) return { outcome: 'unauthorized', status: 401 };
    assertSuccess(res, 'SelfSubjectReview');
    return { outcome: 'ok', apiVersion: version, user: parseUserInfo(res.body) };
  }
  return { outcome: 'unsupported' };
}

function parseUserInfo(body: unknown): KubeUser {
  const info = (body as { status?: { userInfo?: Record<string, unknown> } } | null)?.status?.userInfo;
  if (!info || typeof info.username !== 'string') {
    throw new ConfigError('the API server answered the SelfSubjectReview without status.userInfo.username', {
      code: 'KUBE_API_UNEXPECTED',
    });
  }
  const extra: Record<string, string[]> = {};
  for (const [key, value] of Object.entries((info.extra as Record<string, unknown>) ?? {})) {
    if (Array.isArray(value)) extra[key] = value.map(String);
  }
  return {
    username: info.username,
    ...(typeof info.uid === 'string' ? { uid: info.uid } : {}),
    groups: Array.isArray(info.groups) ? info.groups.map(String) : [],
    extra,
  };
}

/** Non-2xx answers other than the ones a caller handles: say what the server said. */
export function assertSuccess(res: KubeResponse, what: string): void {
  if (res.status >= 200 && res.status < 300) return;
  if (res.status >= 300 && res.status < 400) {
    throw new NetworkError(
      `the API server redirected the ${what} to ${res.location ?? 'another location'}; eks-login does not follow redirects`,
      {
        code: 'KUBE_API_REDIRECT',
        hint: 'the server URL in the kubeconfig is probably not the API server itself',
      },
    );
  }
  const message = (res.body as { message?: unknown } | null)?.message;
  throw new ConfigError(
    `the API server refused the ${what}: HTTP ${res.status}${typeof message === 'string' ? ` ${message}` : ''}`,
    {
      code: 'KUBE_API_ERROR',
    },
  );
}
