// KubeApi over node:https: the context's CA (alone, like kubectl), an optional bearer token, a timeout,
// and no redirect following (a 3xx comes back as a response with its Location for the caller to report).
import { request as httpsRequest } from 'node:https';
import { NetworkError } from '../errors.js';
import { translateNetworkError } from './network-error.js';
import type { KubeApi, KubeEndpoint, KubeResponse } from '../ports.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface KubeApiOptions {
  /** Bearer token for Authorization; absent: an anonymous request. */
  token?: string;
  timeoutMs?: number;
}

export function createKubeApi(endpoint: KubeEndpoint, options: KubeApiOptions = {}): KubeApi {
  const base = new URL(endpoint.server);
  if (base.protocol !== 'https:') {
    throw new NetworkError(`cannot reach ${endpoint.server}: only https API servers are supported`, { code: 'ENDPOINT_UNREACHABLE' });
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    request: (method, path, body) => send(endpoint, base, method, path, body, options.token, timeoutMs),
  };
}

function send(
  endpoint: KubeEndpoint, base: URL, method: string, path: string, body: unknown, token: string | undefined, timeoutMs: number,
): Promise<KubeResponse> {
  const url = new URL(base.pathname.replace(/\/$/, '') + path, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'eks-login' };
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  return new Promise<KubeResponse>((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method,
        headers,
        ca: endpoint.caPem,
        servername: endpoint.tlsServerName,
        rejectUnauthorized: !endpoint.insecureSkipTlsVerify,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY_BYTES) chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const isJson = /json/i.test(res.headers['content-type'] ?? '');
          let parsed: unknown = text.slice(0, 4096);
          if (isJson) {
            try {
              parsed = JSON.parse(text);
            } catch {
              /* keep the text */
            }
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ...(res.headers.location ? { location: res.headers.location } : {}) });
        });
        res.on('error', (error) => reject(translate(error, endpoint.server, timeoutMs)));
      },
    );
    // One deadline for the whole exchange (connect, TLS, answer), not a socket idle timer.
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (error) => reject(translate(error, endpoint.server, timeoutMs)));
    req.end(payload);
  });
}

function translate(error: Error & { code?: string }, server: string, timeoutMs: number): NetworkError {
  return translateNetworkError(error, {
    target: `the API server ${server}`,
    timeoutMs,
    caHint: "the cluster CA changed or the endpoint is wrong: re-run `eks-login setup` with the current bundle (`eks-login doctor` shows which)",
    reachHint: 'check the network path to the cluster (VPN, proxy, private endpoint); `eks-login doctor` walks the chain',
  });
}
