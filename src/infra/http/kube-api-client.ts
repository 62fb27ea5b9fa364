// KubeApi over the HTTP layer: the context's CA (alone, like kubectl), the cluster's proxy-url (else
// HTTPS_PROXY/NO_PROXY, as client-go does), an optional bearer token, one hard deadline, and no redirect
// following (a 3xx comes back as a response with its Location for the caller to report).
import { NetworkError } from '../../kernel/errors.js';
import { httpRequest } from './request.js';
import { parseProxyUrl } from './proxy.js';
import type { HttpSettings } from './settings.js';
import type { KubeApi, KubeEndpoint, KubeResponse } from '../../kernel/ports.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface KubeApiOptions {
  /** Bearer token for Authorization; absent: an anonymous request. */
  token?: string;
  timeoutMs?: number;
  /** The HTTP layer's settings (the composition root's: environment, proxy, signal). */
  http: HttpSettings;
}

export function createKubeApi(endpoint: KubeEndpoint, options: KubeApiOptions): KubeApi {
  const base = new URL(endpoint.server);
  if (base.protocol !== 'https:') {
    throw new NetworkError(`cannot reach ${endpoint.server}: only https API servers are supported`, {
      code: 'ENDPOINT_UNREACHABLE',
    });
  }
  const proxy = endpoint.proxyUrl ? parseProxyUrl(endpoint.proxyUrl, 'proxy-url of the kubeconfig cluster') : undefined;
  if (endpoint.proxyUrl && !proxy) {
    throw new NetworkError(
      `cannot reach ${endpoint.server}: the cluster's proxy-url "${endpoint.proxyUrl}" is not an http(s) proxy URL`,
      {
        code: 'ENDPOINT_UNREACHABLE',
        hint: 'fix proxy-url of the cluster entry in the kubeconfig (http://host:port)',
      },
    );
  }
  const http = options.http;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    request: async (method, path, body, contentType = 'application/json'): Promise<KubeResponse> => {
      const url = new URL(base.pathname.replace(/\/$/, '') + path, base);
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'eks-login' };
      if (payload !== undefined) headers['Content-Type'] = contentType;
      if (options.token) headers.Authorization = `Bearer ${options.token}`;
      const answer = await httpRequest(url, http, {
        method,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
        maxBytes: MAX_BODY_BYTES,
        timeoutMs,
        ...(proxy ? { proxy } : {}),
        tls: {
          ...(endpoint.caPem ? { ca: endpoint.caPem } : {}),
          ...(endpoint.tlsServerName ? { servername: endpoint.tlsServerName } : {}),
          ...(endpoint.insecureSkipTlsVerify ? { rejectUnauthorized: false } : {}),
        },
        target: `the API server ${endpoint.server}`,
        caHint:
          'the cluster CA changed or the endpoint is wrong: re-run `eks-login setup` with the current bundle (`eks-login doctor` shows which)',
        reachHint:
          'check the network path to the cluster (VPN, proxy, private endpoint); `eks-login doctor` walks the chain',
      });
      const text = answer.body.toString('utf8');
      const isJson = /json/i.test(answer.headers['content-type'] ?? '');
      let parsed: unknown = text.slice(0, 4096);
      if (isJson) {
        try {
          parsed = JSON.parse(text);
        } catch {
          /* keep the text */
        }
      }
      const location = answer.headers.location;
      return { status: answer.status, body: parsed, ...(location ? { location } : {}) };
    },
  };
}
