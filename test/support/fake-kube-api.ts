// A tiny HTTPS Kubernetes API for adapter tests: bearer tokens map to users, users to rules; the
// SelfSubjectReview versions it serves are configurable. Listens on 127.0.0.1, port 0.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestTls } from './test-tls.js';

export interface FakeUser {
  username: string;
  groups: string[];
  extra?: Record<string, string[]>;
  rules?: Array<{ verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames?: string[] }>;
  /** Answer the rules review with 403 (an authorizer that forbids it). */
  forbidRules?: boolean;
}

export interface FakeKubeApiOptions {
  tls: TestTls;
  users: Record<string, FakeUser>;
  /** SelfSubjectReview versions served; default all three. */
  reviewVersions?: string[];
  /** Answer every request with this redirect. */
  redirectTo?: string;
}

export interface FakeKubeApi {
  server: string;
  requests: Array<{ method: string; path: string; authorization?: string; body: unknown }>;
  stop(): Promise<void>;
}

export async function startFakeKubeApi(options: FakeKubeApiOptions): Promise<FakeKubeApi> {
  const requests: FakeKubeApi['requests'] = [];
  const versions = options.reviewVersions ?? ['v1', 'v1beta1', 'v1alpha1'];
  const server: Server = createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, (req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body: unknown = raw ? JSON.parse(raw) : undefined;
      const path = req.url ?? '/';
      requests.push({
        method: req.method ?? '',
        path,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        body,
      });
      const send = (status: number, doc: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(doc));
      };
      if (options.redirectTo) return send(302, {}, { Location: options.redirectTo });
      if (path === '/version') return send(200, { major: '1', minor: '32', gitVersion: 'v1.32.0-fake' });
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const user = token ? options.users[token] : undefined;
      if (!user)
        return send(401, {
          kind: 'Status',
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        });
      const review = /^\/apis\/authentication\.k8s\.io\/(v1|v1beta1|v1alpha1)\/selfsubjectreviews$/.exec(path);
      if (review && req.method === 'POST') {
        if (!versions.includes(review[1]!))
          return send(404, { kind: 'Status', message: 'the server could not find the requested resource', code: 404 });
        return send(201, {
          kind: 'SelfSubjectReview',
          apiVersion: `authentication.k8s.io/${review[1]}`,
          status: { userInfo: { username: user.username, groups: user.groups, extra: user.extra ?? {} } },
        });
      }
      if (path === '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews' && req.method === 'POST') {
        if (user.forbidRules)
          return send(403, { kind: 'Status', message: 'selfsubjectrulesreviews is forbidden', code: 403 });
        const builtin = {
          verbs: ['create'],
          apiGroups: ['authorization.k8s.io'],
          resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        };
        return send(201, {
          kind: 'SelfSubjectRulesReview',
          status: {
            resourceRules: [builtin, ...(user.rules ?? [])],
            nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/version'] }],
            incomplete: false,
          },
        });
      }
      return send(404, { kind: 'Status', message: 'not found', code: 404 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server: `https://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
