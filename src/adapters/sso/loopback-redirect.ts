// The loopback redirect of the authorization code flow: an HTTP server on 127.0.0.1 (never another
// interface) on a random port, path /oauth/callback. The callback whose `state` matches ends the wait
// with its code and gets a short "you can close this window" page; a wrong `state` is answered 400 and
// ignored (it cannot be the browser we sent). The server stops after success, an error callback, Ctrl-C
// or the timeout (10 minutes, as aws-cli).
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoopbackRedirect } from '../../core/sso/ports.js';
import { callbackError, signInCancelled, signInTimedOut } from '../../core/sso/sign-in.js';

export const LOOPBACK_TIMEOUT_MS = 10 * 60_000;
const PATH = '/oauth/callback';

export async function startLoopbackRedirect(options: { timeoutMs?: number } = {}): Promise<LoopbackRedirect> {
  const timeoutMs = options.timeoutMs ?? LOOPBACK_TIMEOUT_MS;
  let expected: string | undefined;
  let settle: { resolve: (code: string) => void; reject: (error: unknown) => void } | undefined;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== PATH) return page(res, 404, 'Not found', 'This is eks-login\'s sign-in callback.');
    if (!expected || url.searchParams.get('state') !== expected) {
      return page(res, 400, 'Sign-in not accepted', 'The request did not come from the sign-in eks-login started (its state does not match). Nothing was stored.');
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error || !code) {
      page(res, 400, 'Sign-in failed', `IAM Identity Center answered: ${error ?? 'no code'}. Return to the terminal.`);
      return settle?.reject(callbackError(error ?? 'no code', url.searchParams.get('error_description') ?? undefined));
    }
    page(res, 200, 'Signed in', 'eks-login received the sign-in. You can close this window and return to the terminal.');
    settle?.resolve(code);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    redirectUri: `http://127.0.0.1:${port}${PATH}`,
    waitForCode(state) {
      expected = state;
      return new Promise<string>((resolve, reject) => {
        const onSigint = (): void => finish(() => reject(signInCancelled()));
        const timer = setTimeout(() => finish(() => reject(signInTimedOut(Math.round(timeoutMs / 60_000)))), timeoutMs);
        const finish = (then: () => void): void => {
          clearTimeout(timer);
          process.removeListener('SIGINT', onSigint);
          settle = undefined;
          // Let the page reach the browser before the server goes away.
          setImmediate(() => void close().then(then));
        };
        process.once('SIGINT', onSigint);
        settle = { resolve: (code) => finish(() => resolve(code)), reject: (error) => finish(() => reject(error)) };
      });
    },
    close,
  };
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  const html = `<!doctype html><meta charset="utf-8"><title>eks-login: ${title}</title><h1>${title}</h1><p>${text}</p>\n`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), connection: 'close' });
  res.end(html);
}
