// The request handler every AWS SDK client of eks-login gets (STS, SSO, SSO-OIDC, IAM, EKS, and the clients
// the credential chain builds, via clientConfig): the HTTP layer's proxy and trusted roots, and a HARD
// deadline. @smithy/node-http-handler 4.x only logs its requestTimeout; here a timer aborts the request
// (destroying the socket) and also bounds reading the answer's body, which is read in full before the SDK
// sees it. A deadline error is not retried by the SDK: a silent endpoint costs one deadline.
import type { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpHandler, HttpHandlerOptions, HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { agentFor } from './agent.js';
import { HttpDeadlineError } from './deadline-error.js';
import { proxyNotTls, proxyRefused } from './network-error.js';
import { proxyFor } from './proxy.js';
import type { HttpSettings } from './settings.js';

export interface SdkRequestHandlerOptions {
  /** --debug: one line per request naming the host and the proxy decision (never a credential). */
  debug?: (message: string) => void;
  /** Largest answer body accepted (default 16 MiB). */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

export function createSdkRequestHandler(settings: HttpSettings, options: SdkRequestHandlerOptions = {}): HttpHandler {
  return new DeadlineRequestHandler(settings, options) as unknown as HttpHandler;
}

class DeadlineRequestHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly open = new Set<NodeHttpHandler>();

  constructor(
    private readonly settings: HttpSettings,
    private readonly options: SdkRequestHandlerOptions,
  ) {}

  async handle(request: HttpRequest, handlerOptions: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const origin = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`;
    const url = new URL(origin);
    const proxy = proxyFor(url, this.settings.env, this.settings.warn);
    this.options.debug?.(
      `http: ${request.method} ${origin}${request.path} ${proxy ? `through the proxy ${proxy.shown} (${proxy.variable})` : 'direct'}`,
    );
    const command = this.settings.signal;
    command?.throwIfAborted();

    // One abort per request for everything it opens (the agent's sockets, a proxy tunnel still waiting for its
    // CONNECT answer): the deadline, the SDK's own abort and the command's signal all pull it.
    const totalMs = this.settings.totalTimeoutMs;
    const controller = new AbortController();
    let expired: HttpDeadlineError | undefined;
    const timer = setTimeout(() => {
      expired = new HttpDeadlineError(origin, 'answer', totalMs);
      controller.abort(expired);
    }, totalMs);
    const unlink = [linkAbort(handlerOptions.abortSignal, controller), linkAbort(command, controller)];
    const { agent } = await agentFor(url, this.settings, { signal: controller.signal });
    // A proxy that refuses the CONNECT (403, 407…) is named as the proxy, not read as the service's answer.
    let refused: Error | undefined;
    if (proxy && url.protocol === 'https:') {
      agent.once('proxyConnect', (connect: { statusCode?: number; statusText?: string }) => {
        if (connect.statusCode === 200) return;
        refused = proxyRefused(proxy, url, connect.statusCode ?? 0, connect.statusText);
        controller.abort(refused);
      });
    }
    const inner = new NodeHttpHandler({
      ...(url.protocol === 'https:' ? { httpsAgent: agent } : { httpAgent: agent }),
      connectionTimeout: this.settings.connectTimeoutMs,
    });
    this.open.add(inner);
    try {
      const { response } = await inner.handle(request, { abortSignal: controller.signal });
      if (refused) throw refused;
      if (proxy && url.protocol === 'http:' && response.statusCode === 407) throw proxyRefused(proxy, url, 407);
      response.body = await readBody(
        response.body as Readable | undefined,
        controller.signal,
        this.options.maxBytes ?? DEFAULT_MAX_BYTES,
        origin,
      );
      return { response };
    } catch (error) {
      // Whatever failed (the SDK's own connect timeout too), nothing of this request stays open: a proxy
      // tunnel still waiting for its CONNECT answer is not the request's socket yet, so only this reaches it.
      if (!controller.signal.aborted) controller.abort(error);
      if (refused) throw refused;
      if (expired) throw expired;
      const notTls = proxyNotTls(error, proxy);
      if (notTls) throw notTls;
      if (command?.aborted) throw command.reason;
      const e = error as { name?: string; message?: string };
      if (e.name === 'TimeoutError' && /establish a connection/.test(e.message ?? '')) {
        throw new HttpDeadlineError(
          proxy ? `${origin} through the proxy ${proxy.shown} (${proxy.variable})` : origin,
          'connect',
          this.settings.connectTimeoutMs,
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
      for (const u of unlink) u();
      if (controller.signal.aborted) agent.destroy();
      this.open.delete(inner);
      inner.destroy();
    }
  }

  updateHttpClientConfig(): void {
    /* the settings are fixed for the process */
  }

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {
    for (const handler of this.open) handler.destroy();
    this.open.clear();
  }
}

/** Aborts `controller` when `external` aborts; returns the unlink (a command's signal outlives its requests). */
function linkAbort(
  external: HttpHandlerOptions['abortSignal'] | AbortSignal | undefined,
  controller: AbortController,
): () => void {
  if (!external) return () => undefined;
  const signal = external as AbortSignal;
  if (signal.aborted) {
    controller.abort(signal.reason);
    return () => undefined;
  }
  if (typeof signal.addEventListener === 'function') {
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  }
  external.onabort = () => controller.abort();
  return () => undefined;
}

function readBody(
  body: Readable | undefined,
  signal: AbortSignal,
  maxBytes: number,
  origin: string,
): Promise<Uint8Array> {
  if (!body || typeof body.on !== 'function') return Promise.resolve(new Uint8Array());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onAbort = () => {
      body.destroy();
      reject(signal.reason as Error);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        body.destroy();
        reject(
          Object.assign(new Error(`${origin} sent an answer larger than ${maxBytes} bytes`), {
            code: 'EKS_LOGIN_TOO_LARGE',
          }),
        );
        return;
      }
      chunks.push(chunk);
    });
    body.on('end', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(chunks));
    });
    body.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
}
