// A local HTTPS stand-in for an EKS API server: answers only requests whose bearer token passes the
// independent verifier (test/support/verifier.ts) for its cluster id; 401 otherwise. 127.0.0.1, free port.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestTls } from './test-tls.js';
import { verifyToken, type VerifyOptions } from './verifier.js';

export interface TokenApiStub {
  url: string;
  /** Verdicts in arrival order. */
  verdicts: Array<{ ok: boolean; reason?: string }>;
  stop(): Promise<void>;
}

export async function startTokenApiStub(tls: TestTls, verify: Omit<VerifyOptions, 'now'>): Promise<TokenApiStub> {
  const verdicts: TokenApiStub['verdicts'] = [];
  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const verdict = verifyToken(token, { ...verify, now: new Date() });
    verdicts.push(verdict.ok ? { ok: true } : { ok: false, reason: verdict.reason });
    res.setHeader('content-type', 'application/json');
    if (!verdict.ok) {
      res.statusCode = 401;
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        }),
      );
      return;
    }
    res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    verdicts,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
