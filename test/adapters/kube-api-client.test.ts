// The Kubernetes API adapter and the review use cases against a local HTTPS server with its own CA.
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeApi } from '../../src/infra/http/kube-api-client.js';
import { reviewRules } from '../../src/diagnose/kube/rules-review.js';
import { buildPermissionRows } from '../../src/diagnose/kube/rules-table.js';
import { reviewSelf } from '../../src/diagnose/kube/self-review.js';
import { NetworkError } from '../../src/kernel/errors.js';
import { startFakeKubeApi, type FakeKubeApi, type FakeUser } from '../support/fake-kube-api.js';
import { makeTestTls, type TestTls } from '../support/test-tls.js';
import { hasOpenssl } from '../support/tools.js';
import { httpSettingsFromEnv } from '../../src/infra/http/settings.js';

const HTTP = httpSettingsFromEnv({});

const developer: FakeUser = {
  username: 'developers:developer-mike',
  groups: ['developers', 'system:authenticated'],
  extra: { arn: ['arn:aws:sts::123456789012:assumed-role/developers/developer-mike'], sessionName: ['developer-mike'] },
  rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'] }],
};

let tls: TestTls;
let otherTls: TestTls;
const servers: FakeKubeApi[] = [];
async function start(options: Partial<Parameters<typeof startFakeKubeApi>[0]> = {}): Promise<FakeKubeApi> {
  const api = await startFakeKubeApi({
    tls,
    users: { 'token-mike': developer, 'token-locked': { ...developer, forbidRules: true } },
    ...options,
  });
  servers.push(api);
  return api;
}

const ok = hasOpenssl();

beforeAll(() => {
  if (!ok) return;
  tls = makeTestTls();
  otherTls = makeTestTls();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe.skipIf(!ok)('SelfSubjectReview', () => {
  it('answers with the v1 API and sends the bearer token', async () => {
    const fake = await start();
    const result = await reviewSelf(
      createKubeApi({ server: fake.server, caPem: tls.caPem }, { http: HTTP, token: 'token-mike' }),
    );
    expect(result).toEqual({
      outcome: 'ok',
      apiVersion: 'v1',
      user: { username: developer.username, groups: developer.groups, extra: developer.extra },
    });
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      authorization: 'Bearer token-mike',
    });
  });

  it('falls back to v1beta1, then v1alpha1, on 404', async () => {
    const beta = await start({ reviewVersions: ['v1beta1'] });
    expect(
      await reviewSelf(createKubeApi({ server: beta.server, caPem: tls.caPem }, { http: HTTP, token: 'token-mike' })),
    ).toMatchObject({ outcome: 'ok', apiVersion: 'v1beta1' });
    const alpha = await start({ reviewVersions: ['v1alpha1'] });
    expect(
      await reviewSelf(createKubeApi({ server: alpha.server, caPem: tls.caPem }, { http: HTTP, token: 'token-mike' })),
    ).toMatchObject({ outcome: 'ok', apiVersion: 'v1alpha1' });
    expect(alpha.requests.map((r) => r.path.split('/')[3])).toEqual(['v1', 'v1beta1', 'v1alpha1']);
    const none = await start({ reviewVersions: [] });
    expect(
      await reviewSelf(createKubeApi({ server: none.server, caPem: tls.caPem }, { http: HTTP, token: 'token-mike' })),
    ).toEqual({ outcome: 'unsupported' });
  });

  it('reports 401 as unauthorized', async () => {
    const fake = await start();
    expect(
      await reviewSelf(createKubeApi({ server: fake.server, caPem: tls.caPem }, { http: HTTP, token: 'nobody' })),
    ).toEqual({ outcome: 'unauthorized', status: 401 });
  });

  it('does not follow redirects', async () => {
    const fake = await start({ redirectTo: 'https://elsewhere.example/' });
    await expect(
      reviewSelf(createKubeApi({ server: fake.server, caPem: tls.caPem }, { http: HTTP, token: 'token-mike' })),
    ).rejects.toMatchObject({
      code: 'KUBE_API_REDIRECT',
      message: expect.stringContaining('https://elsewhere.example/'),
    });
  });
});

describe.skipIf(!ok)('SelfSubjectRulesReview', () => {
  it('reads the rules for the namespace and folds them into resources × verbs without the built-ins', async () => {
    const fake = await start();
    const result = await reviewRules(
      createKubeApi({ server: fake.server, caPem: tls.caPem }, { http: HTTP, token: 'token-mike' }),
      'team-a',
    );
    expect(fake.requests[0]?.body).toMatchObject({ kind: 'SelfSubjectRulesReview', spec: { namespace: 'team-a' } });
    if (result.outcome !== 'ok') throw new Error(result.outcome);
    expect(buildPermissionRows(result.review.resourceRules)).toEqual([
      { resource: 'pods', verbs: ['get', 'list'] },
      { resource: 'pods/log', verbs: ['get', 'list'] },
    ]);
  });

  it('reports a 403 as forbidden with the server message', async () => {
    const fake = await start();
    expect(
      await reviewRules(
        createKubeApi({ server: fake.server, caPem: tls.caPem }, { http: HTTP, token: 'token-locked' }),
        'default',
      ),
    ).toEqual({
      outcome: 'forbidden',
      message: 'selfsubjectrulesreviews is forbidden',
    });
  });
});

describe.skipIf(!ok)('transport failures', () => {
  it('rejects a server whose certificate another CA signed (exit 6, CERTIFICATE_UNTRUSTED)', async () => {
    const fake = await start();
    const error = await reviewSelf(
      createKubeApi({ server: fake.server, caPem: otherTls.caPem }, { http: HTTP, token: 'token-mike' }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ exitCode: 6, code: 'CERTIFICATE_UNTRUSTED' });
    expect((error as Error).message).toContain(fake.server);
  });

  it('names an unreachable endpoint', async () => {
    const port = await freePort();
    await expect(
      reviewSelf(createKubeApi({ server: `https://127.0.0.1:${port}`, caPem: tls.caPem }, { http: HTTP })),
    ).rejects.toMatchObject({
      exitCode: 6,
      code: 'ENDPOINT_UNREACHABLE',
    });
  });

  it('times out on a server that never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      await expect(
        reviewSelf(
          createKubeApi({ server: `https://127.0.0.1:${port}`, caPem: tls.caPem }, { http: HTTP, timeoutMs: 200 }),
        ),
      ).rejects.toMatchObject({
        code: 'ENDPOINT_TIMEOUT',
      });
    } finally {
      sockets.forEach((socket) => socket.destroy());
      silent.close();
    }
  });
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
