// The loopback redirect of the authorization code flow: an HTTP server on 127.0.0.1 (never another
// interface) on a random port, path /oauth/callback. The callback whose `state` matches ends the wait
// with its code; its browser request stays open until the sign-in answers it (credentials/sso/sign-in.ts does,
// after CreateToken), so the page says "Signed in" only when that is true. A wrong `state` is answered 400
// and ignored (it cannot be the browser we sent). The server stops after the answer, an error callback,
// the command's signal (Ctrl-C: exit 130, container/command-signal.ts) or the timeout (10 minutes, as aws-cli).
// Pages: credentials/sso/callback-page.ts.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callbackPage } from './callback-page.js';
import type { CallbackPage, LoopbackCallback, LoopbackRedirect } from '../../kernel/sso-ports.js';
import { callbackError, signInCancelled, signInTimedOut } from './sign-in.js';

const LOOPBACK_TIMEOUT_MS = 10 * 60_000;
const PATH = '/oauth/callback';

export async function startLoopbackRedirect(
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<LoopbackRedirect> {
  const timeoutMs = options.timeoutMs ?? LOOPBACK_TIMEOUT_MS;
  let expected: string | undefined;
  let settle: { resolve: (callback: LoopbackCallback) => void; reject: (error: unknown) => void } | undefined;
  /** The browser whose callback was accepted, waiting for its page. */
  let pending: ServerResponse | undefined;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== PATH) return send(res, { kind: 'not-found' });
    if (!expected || !settle || url.searchParams.get('state') !== expected) return send(res, { kind: 'not-ours' });
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error || !code) {
      const description = url.searchParams.get('error_description') ?? undefined;
      send(res, {
        kind: 'failed',
        startUrl: startUrlOf(),
        reason: `${error ?? 'no code'}${description ? `: ${description}` : ''}`,
      });
      return settle.reject(callbackError(error ?? 'no code', description));
    }
    pending = res;
    settle.resolve({
      code,
      answer: async (page) => {
        if (pending !== res) return;
        pending = undefined;
        await new Promise<void>((done) => send(res, page, done));
        await close();
      },
    });
  });
  // The start URL the failure page names when the sign-in did not answer itself (close() with a browser waiting).
  let startUrl = '';
  const startUrlOf = (): string => startUrl;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const close = async (): Promise<void> => {
    if (pending) {
      const res = pending;
      pending = undefined;
      await new Promise<void>((done) =>
        send(res, { kind: 'failed', startUrl, reason: 'eks-login stopped before the sign-in finished' }, done),
      );
    }
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };
  return {
    redirectUri: `http://127.0.0.1:${port}${PATH}`,
    timeoutMs,
    waitForCode(state, forStartUrl = '') {
      expected = state;
      startUrl = forStartUrl;
      return new Promise<LoopbackCallback>((resolve, reject) => {
        const signal = options.signal;
        // Ctrl-C says so in the sign-in's words (exit 130); another abort keeps its own reason.
        const onAbort = (): void =>
          fail((signal!.reason as { code?: string })?.code === 'INTERRUPTED' ? signInCancelled() : signal!.reason);
        const timer = setTimeout(() => fail(signInTimedOut(Math.round(timeoutMs / 60_000))), timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          settle = undefined;
        };
        // Failed: let a page reach the browser, then stop the server. Succeeded: `answer` stops it.
        const fail = (error: unknown): void => {
          finish();
          setImmediate(() => void close().then(() => reject(error)));
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        settle = { resolve: (callback) => (finish(), resolve(callback)), reject: fail };
      });
    },
    close,
  };
}

function send(res: ServerResponse, page: CallbackPage, done?: () => void): void {
  const { status, html } = callbackPage(page);
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(html, done);
}
