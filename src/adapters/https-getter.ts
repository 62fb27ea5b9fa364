// HttpsGetter over node:https (bundle URLs): the system roots plus NODE_EXTRA_CA_CERTS (Node reads it) and
// AWS_CA_BUNDLE, one deadline for the whole exchange (the socket is destroyed when it passes), the body cut
// at maxBytes, redirects (at most 5) followed only to https.
// TODO(net): route through the shared HTTP layer (src/adapters/http/) for proxies once it exists; this
// adapter is the only place that changes.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { NetworkError } from '../errors.js';
import type { Env, HttpsGetter } from '../ports.js';
import { translateNetworkError } from './network-error.js';

const MAX_REDIRECTS = 5;

function extraRoots(env: Env): string[] | undefined {
  const file = env.AWS_CA_BUNDLE?.trim();
  if (!file) return undefined;
  try {
    return [...rootCertificates, readFileSync(file, 'utf8')];
  } catch (error) {
    throw new NetworkError(`cannot read AWS_CA_BUNDLE ${file}: ${(error as Error).message}`, { code: 'CA_BUNDLE_UNREADABLE', hint: 'point AWS_CA_BUNDLE at a PEM file, or unset it' });
  }
}

export function createHttpsGetter(env: Env): HttpsGetter {
  return {
    async get(url, { maxBytes, timeoutMs }) {
      const ca = extraRoots(env);
      const deadline = Date.now() + timeoutMs;
      let current = url;
      for (let hop = 0; ; hop++) {
        const answer = await getOnce(current, maxBytes, deadline, timeoutMs, ca);
        if (answer.kind === 'body') return { bytes: answer.bytes, truncated: answer.truncated, url: current };
        const next = new URL(answer.location, current);
        if (next.protocol !== 'https:') {
          throw new NetworkError(`${current} redirects to ${next.href}, which is not https; a bundle is only fetched over https`, { code: 'BUNDLE_REDIRECT_NOT_HTTPS', hint: 'ask the admin to publish the bundle at an https URL that does not redirect to http' });
        }
        if (hop >= MAX_REDIRECTS) throw new NetworkError(`${url}: more than ${MAX_REDIRECTS} redirects`, { code: 'ENDPOINT_UNREACHABLE' });
        current = next.href;
      }
    },
  };
}

type Answer = { kind: 'body'; bytes: Uint8Array; truncated: boolean } | { kind: 'redirect'; location: string };

function getOnce(url: string, maxBytes: number, deadline: number, timeoutMs: number, ca: string[] | undefined): Promise<Answer> {
  const context = { target: `the bundle host ${new URL(url).host}`, timeoutMs, caHint: 'add the CA that signed the bundle host\'s certificate with NODE_EXTRA_CA_CERTS or AWS_CA_BUNDLE', reachHint: 'check the URL and the network (HTTPS_PROXY), then retry' };
  return new Promise<Answer>((resolve, reject) => {
    const req = request(url, { method: 'GET', headers: { 'User-Agent': 'eks-login', Accept: 'application/json' }, ...(ca ? { ca } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        resolve({ kind: 'redirect', location: res.headers.location });
        return;
      }
      if (status !== 200) {
        res.resume();
        reject(new NetworkError(`the bundle host answered ${status} for ${url}`, { code: 'BUNDLE_HTTP_STATUS', hint: 'check the URL with your admin' }));
        return;
      }
      const chunks: Buffer[] = [];
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        length += chunk.length;
        if (length > maxBytes) {
          res.destroy();
          finish(true);
        }
      });
      res.on('end', () => finish(false));
      res.on('error', (error) => reject(translateNetworkError(error as Error & { code?: string }, context)));
      let done = false;
      const finish = (truncated: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ kind: 'body', bytes: Buffer.concat(chunks).subarray(0, maxBytes), truncated });
      };
    });
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    }, Math.max(0, deadline - Date.now()));
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(translateNetworkError(error as Error & { code?: string }, context));
    });
    req.on('close', () => clearTimeout(timer));
    req.end();
  });
}
