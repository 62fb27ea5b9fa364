// The connection agent for one URL: direct (node:http / node:https) or through the proxy that
// proxy.ts chose (https-proxy-agent: CONNECT for https; http-proxy-agent: absolute-form for http). The proxy
// packages are imported only when a proxy applies, so a direct call loads nothing more than node:https.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { TLSSocket, type ConnectionOptions } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { HttpSettings } from './settings.js';
import { proxyFor, type ProxyChoice } from './proxy.js';
import { trustedRoots } from './trust.js';

/** TLS options for the target server; `ca` given here replaces the trusted roots (a cluster's own CA). */
export interface TargetTls {
  ca?: string | string[] | undefined;
  servername?: string | undefined;
  rejectUnauthorized?: boolean | undefined;
}

export interface AgentChoice {
  agent: HttpAgent;
  /** The proxy used, if any. */
  proxy?: ProxyChoice;
}

/**
 * `proxy`: undefined → decided from settings.env (HTTPS_PROXY/HTTP_PROXY/NO_PROXY); null → direct;
 * a ProxyChoice → that proxy (e.g. a kubeconfig's proxy-url).
 */
export async function agentFor(
  url: URL,
  settings: HttpSettings,
  options: { proxy?: ProxyChoice | null; tls?: TargetTls; signal?: AbortSignal } = {},
): Promise<AgentChoice> {
  const proxy = options.proxy === undefined ? proxyFor(url, settings.env, settings.warn) : (options.proxy ?? undefined);
  const roots = trustedRoots(settings.caBundles, settings.env);
  const tls = targetTls(options.tls, roots);
  const secure = url.protocol === 'https:';
  // Every socket the agent opens (the tunnel to a proxy too, before the proxy answered CONNECT) is destroyed
  // when `signal` aborts: the request's deadline or the command's cancellation.
  const bound = options.signal ? { signal: options.signal } : {};
  if (!proxy) {
    return {
      agent: secure
        ? new PeerNotingHttpsAgent({ keepAlive: false, ...bound, ...tls })
        : new HttpAgent({ keepAlive: false, ...bound }),
    };
  }
  // Options of the connection to the proxy itself (an https:// proxy is verified with the same roots).
  const toProxy = { keepAlive: false, ...bound, ...(roots ? { ca: roots } : {}) };
  if (secure) {
    const { HttpsProxyAgent } = await import('https-proxy-agent');
    // https-proxy-agent takes the target's TLS options from the request, which the AWS SDK does not set.
    type ConnectArgs = Parameters<InstanceType<typeof HttpsProxyAgent<string>>['connect']>;
    class TargetTlsProxyAgent extends HttpsProxyAgent<string> {
      override async connect(req: ConnectArgs[0], opts: ConnectArgs[1]) {
        const socket = await super.connect(req, { ...opts, ...tls });
        if (socket instanceof TLSSocket) notePeerCertificate(socket);
        return socket;
      }
    }
    return { agent: new TargetTlsProxyAgent(proxy.url.href, toProxy), proxy };
  }
  const { HttpProxyAgent } = await import('http-proxy-agent');
  return { agent: new HttpProxyAgent(proxy.url.href, toProxy), proxy };
}

function targetTls(given: TargetTls | undefined, roots: string[] | undefined): ConnectionOptions {
  const tls: ConnectionOptions = {};
  const ca = given?.ca ?? roots;
  if (ca) tls.ca = ca;
  if (given?.servername) tls.servername = given.servername;
  if (given?.rejectUnauthorized === false) tls.rejectUnauthorized = false;
  return tls;
}

/** What a failed TLS error carries about the server's certificate (network-error.ts names it). */
interface PeerCertificateNote {
  peerValidTo?: string;
  peerValidFrom?: string;
  peerAltNames?: string;
}

/**
 * The server's certificate is read when the handshake is done, before Node checks it, and put on the error a
 * failed check raises: "expired on <date>" and "issued for <names>" need it, and the error alone lacks it.
 */
function notePeerCertificate(socket: TLSSocket): void {
  let note: PeerCertificateNote | undefined;
  socket.prependOnceListener('secure', () => {
    const cert = socket.getPeerCertificate();
    if (cert && Object.keys(cert).length > 0)
      note = {
        peerValidTo: cert.valid_to,
        peerValidFrom: cert.valid_from,
        ...(cert.subjectaltname ? { peerAltNames: cert.subjectaltname } : {}),
      };
  });
  socket.prependListener('error', (error: Error) => {
    if (note) Object.assign(error, note);
  });
}

class PeerNotingHttpsAgent extends HttpsAgent {
  override createConnection(
    options: ConnectionOptions,
    callback?: (error: Error | null, socket: Duplex) => void,
  ): Duplex {
    const socket = (super.createConnection as (o: ConnectionOptions, cb?: typeof callback) => Duplex)(
      options,
      callback,
    );
    if (socket instanceof TLSSocket) notePeerCertificate(socket);
    return socket;
  }
}
