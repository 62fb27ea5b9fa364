// In-memory doubles for the diagnostics ports: a KubeApi answering from a table of users, and an StsProbe
// that knows which tokens STS would accept.
import type { KubeApi, KubeResponse, StsProbe, TokenReplay } from '../../src/kernel/ports.js';
import type { FakeUser } from './fake-kube-api.js';

/** A KubeApi for one bearer token, answering like the HTTPS fake (test/support/fake-kube-api.ts). */
export function memoryKubeApi(
  users: Record<string, FakeUser>,
  token: string,
  reviewVersions = ['v1', 'v1beta1', 'v1alpha1'],
): KubeApi & { paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    async request(_method, path, body): Promise<KubeResponse> {
      paths.push(path);
      const user = users[token];
      if (!user) return { status: 401, body: { message: 'Unauthorized' } };
      const review = /selfsubjectreviews$/.test(path) ? path.split('/')[3]! : undefined;
      if (review) {
        if (!reviewVersions.includes(review)) return { status: 404, body: {} };
        return {
          status: 201,
          body: { status: { userInfo: { username: user.username, groups: user.groups, extra: user.extra ?? {} } } },
        };
      }
      if (/selfsubjectrulesreviews$/.test(path)) {
        if (user.forbidRules) return { status: 403, body: { message: 'forbidden' } };
        const ns = (body as { spec: { namespace: string } }).spec.namespace;
        return {
          status: 201,
          body: { status: { resourceRules: ns === 'default' ? (user.rules ?? []) : [], incomplete: false } },
        };
      }
      return { status: 404, body: {} };
    },
  };
}

export class MemoryStsProbe implements StsProbe {
  /** token → the identity STS would return for it. */
  readonly valid = new Map<string, { arn: string; account: string }>();
  serverTime = new Date('2025-01-02T03:04:05Z');
  unreachable = false;
  readonly replays: Array<{ token: string; clusterId: string }> = [];
  async replayToken(token: string, clusterId: string): Promise<TokenReplay> {
    this.replays.push({ token, clusterId });
    const identity = this.valid.get(token);
    if (!identity)
      return {
        status: 403,
        serverDate: this.serverTime,
        errorCode: 'SignatureDoesNotMatch',
        errorMessage: 'The request signature we calculated does not match',
      };
    return { status: 200, serverDate: this.serverTime, identity: { ...identity, userId: 'AROAEXAMPLE:x' } };
  }
  async serverDate(): Promise<Date> {
    return this.serverTime;
  }
}
