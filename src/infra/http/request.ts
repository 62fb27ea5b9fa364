// httpRequest: one HTTP exchange through the HTTP layer (proxy, trusted roots, hard deadlines), the body
// read in full up to a bound. Never throws for an HTTP status; throws NetworkError (exit 6) naming the
// endpoint (and the proxy) when no answer came.
import { request as httpRequestRaw, type IncomingHttpHeaders, type ClientRequest } from 'node:http';
import { request as httpsRequestRaw } from 'node:https';
import { NetworkError } from '../../kernel/errors.js';
import { proxyNotTls, proxyRefused, translateNetworkError } from './network-error.js';
import { agentFor, type TargetTls } from './agent.js';
import { HttpDeadlineError } from './deadline-error.js';
import type { ProxyChoice } from './proxy.js';
import type { HttpSettings } from './settings.js';

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Bytes of body kept (default 4 MiB); a longer answer stops there with `truncated` (socket destroyed). */
  maxBytes?: number;
  /** Total deadline of the whole exchange, redirects included (default settings.totalTimeoutMs). */
  timeoutMs?: number;
  /** Default: none (a 3xx is returned as it is). `{ max }`: follow up to `max` redirects, to https URLs only. */
  redirects?: { max: number };
  /** undefined: from the environment; null: direct; a ProxyChoice: that proxy (a kubeconfig's proxy-url). */
  proxy?: ProxyChoice | null;
  /** The target's TLS: `ca` REPLACES the trusted roots (a cluster CA), servername, rejectUnauthorized. */
  tls?: TargetTls;
  /** How messages name the endpoint, e.g. "STS https://sts.eu-west-1.amazonaws.com" (default: the URL's origin). */
  target?: string;
  caHint?: string;
  reachHint?: string;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  truncated: boolean;
  /** The URL that answered (after redirects). */
  url: URL;
  /** The proxy used (password masked), if any. */
  proxy?: string;
}

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

export async function httpRequest(
  input: string | URL,
  settings: HttpSettings,
  options: HttpRequestOptions = {},
): Promise<HttpAnswer> {
  const timeoutMs = options.timeoutMs ?? settings.totalTimeoutMs;
  const deadline = Date.now() + timeoutMs;
  let url = new URL(input);
  for (let hop = 0; ; hop++) {
    const answer = await once(url, settings, options, deadline, timeoutMs);
    const location = answer.headers.location;
    if (!options.redirects || answer.status < 300 || answer.status > 399 || !location || answer.status === 304)
      return answer;
    const next = new URL(location, url);
    const target = options.target ?? url.origin;
    if (next.protocol !== 'https:') {
      throw new NetworkError(`${target} redirected to ${next.origin}: only https redirects are followed`, {
        code: 'REDIRECT_REFUSED',
        hint: 'use the final https URL directly',
      });
    }
    if (hop >= options.redirects.max) {
      throw new NetworkError(`${target} redirected more than ${options.redirects.max} times`, {
        code: 'REDIRECT_REFUSED',
        hint: 'use the final URL directly',
      });
    }
    url = next;
  }
}

async function once(
  url: URL,
  settings: HttpSettings,
  options: HttpRequestOptions,
  deadline: number,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const target = options.target ?? url.origin;
  settings.signal?.throwIfAborted();
  // One abort for everything this exchange opens: the deadlines and the command's signal destroy the request,
  // the agent's sockets and a proxy tunnel still waiting for its CONNECT answer.
  const sockets = new AbortController();
  const { agent, proxy } = await agentFor(url, settings, {
    ...(options.proxy !== undefined ? { proxy: options.proxy } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
    signal: sockets.signal,
  });
  const via = proxy ? ` through the proxy ${proxy.shown} (${proxy.variable})` : '';
  const translate = (error: Error & { code?: string }) =>
    proxyNotTls(error, proxy) ??
    translateNetworkError(error, {
      target: `${target}${via}`,
      timeoutMs,
      caHint:
        options.caHint ??
        'a proxy or the endpoint serves a certificate no trusted CA signed: AWS_CA_BUNDLE or NODE_EXTRA_CA_CERTS adds a CA',
      reachHint:
        options.reachHint ?? `check the network path to ${url.origin} (proxy: HTTPS_PROXY/HTTP_PROXY/NO_PROXY)`,
    });
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const send = url.protocol === 'https:' ? httpsRequestRaw : httpRequestRaw;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(connect);
      settings.signal?.removeEventListener('abort', onCommandAbort);
      fn();
    };
    const abort = (error: Error, rejectWith: unknown) => {
      req.destroy(error);
      sockets.abort(error);
      agent.destroy();
      finish(() => reject(rejectWith));
    };
    const onCommandAbort = () => abort(settings.signal!.reason as Error, settings.signal!.reason);
    const req: ClientRequest = send(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, agent },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          if (truncated) return;
          if (size + chunk.length > maxBytes) {
            chunks.push(chunk.subarray(0, maxBytes - size));
            size = maxBytes;
            truncated = true;
            req.destroy();
            done();
            return;
          }
          size += chunk.length;
          chunks.push(chunk);
        });
        if (proxy && url.protocol === 'http:' && res.statusCode === 407) {
          // Absolute form: a 407 is the proxy's own answer.
          abort(new Error('proxy refused'), proxyRefused(proxy, url, 407, res.statusMessage));
          return;
        }
        const done = () =>
          finish(() =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
              truncated,
              url,
              ...(proxy ? { proxy: proxy.shown } : {}),
            }),
          );
        res.on('end', done);
        res.on('error', (error) => finish(() => reject(translate(error))));
        res.on('aborted', () =>
          finish(() =>
            reject(
              translate(
                Object.assign(new Error('the connection closed before the answer was complete'), {
                  code: 'ECONNRESET',
                }),
              ),
            ),
          ),
        );
      },
    );
    // Hard deadlines: the socket (and a proxy tunnel) is destroyed, whatever stage the exchange is in.
    const total = setTimeout(
      () => {
        const error = new HttpDeadlineError(target, 'answer', timeoutMs);
        abort(error, translate(error));
      },
      Math.max(0, deadline - Date.now()),
    );
    const connect = setTimeout(
      () => {
        const error = new HttpDeadlineError(`${target}${via}`, 'connect', settings.connectTimeoutMs);
        abort(error, translate(error));
      },
      Math.min(settings.connectTimeoutMs, Math.max(0, deadline - Date.now())),
    );
    settings.signal?.addEventListener('abort', onCommandAbort, { once: true });
    // A proxy that refuses the CONNECT (403, 407…) is named as the proxy, not taken for the endpoint's answer.
    if (proxy && url.protocol === 'https:') {
      agent.once('proxyConnect', (connect: { statusCode?: number; statusText?: string }) => {
        if (connect.statusCode !== 200)
          abort(new Error('proxy refused'), proxyRefused(proxy, url, connect.statusCode ?? 0, connect.statusText));
      });
    }
    req.on('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connect);
      else socket.once('connect', () => clearTimeout(connect));
    });
    req.on('error', (error) => finish(() => reject(translate(error))));
    req.end(options.body);
  });
}
