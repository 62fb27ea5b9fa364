// Socket and TLS failures → NetworkError (exit 6) with a code the doctor and docs/troubleshooting.md know.
import { NetworkError } from '../../kernel/errors.js';
import { findHttpDeadlineError } from './deadline-error.js';
import type { ProxyChoice } from './proxy.js';

const TLS_ERROR_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

export interface NetworkErrorContext {
  /** "the API server https://…" or "STS https://…". */
  target: string;
  timeoutMs: number;
  caHint: string;
  reachHint: string;
}

export function translateNetworkError(error: Error & { code?: string }, ctx: NetworkErrorContext): NetworkError {
  const code = error.code ?? '';
  const deadline = findHttpDeadlineError(error);
  if (deadline) {
    const seconds = Math.round(deadline.timeoutMs / 100) / 10;
    const message =
      deadline.phase === 'connect'
        ? `no connection to ${ctx.target} within ${seconds} s`
        : `${ctx.target} did not answer within ${seconds} s`;
    return new NetworkError(message, { code: 'ENDPOINT_TIMEOUT', hint: ctx.reachHint, cause: error });
  }
  const certificate = certificateProblem(error, ctx.target);
  if (certificate) return certificate;
  if (TLS_ERROR_CODES.has(code)) {
    return new NetworkError(
      `${ctx.target} presented a certificate that the trusted CA does not validate: ${error.message}`,
      {
        code: 'CERTIFICATE_UNTRUSTED',
        hint: ctx.caHint,
        cause: error,
      },
    );
  }
  if (code === 'ETIMEDOUT') {
    return new NetworkError(`${ctx.target} did not answer within ${Math.round(ctx.timeoutMs / 1000)} s`, {
      code: 'ENDPOINT_TIMEOUT',
      hint: ctx.reachHint,
      cause: error,
    });
  }
  return new NetworkError(`cannot reach ${ctx.target}: ${error.message}`, {
    code: 'ENDPOINT_UNREACHABLE',
    hint: ctx.reachHint,
    cause: error,
  });
}

type PeerError = Error & {
  code?: string;
  peerValidTo?: string;
  peerValidFrom?: string;
  peerAltNames?: string;
  host?: string;
  cert?: { subjectaltname?: string };
  cause?: unknown;
};

/**
 * A certificate from a trusted CA that is wrong in another way (expired, not yet valid, issued for other names),
 * found on the error or on an error it wraps (the AWS SDK wraps the socket's): adding a CA would not help, so the
 * message says what is wrong, with the date or the names. `target` names the endpoint ("STS at https://…").
 * Undefined for any other error.
 */
export function certificateProblem(error: unknown, target: string): NetworkError | undefined {
  let peer: PeerError | undefined;
  for (
    let e = error as PeerError | undefined, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = e.cause as PeerError | undefined, depth++
  ) {
    if (e.code === 'CERT_HAS_EXPIRED' || e.code === 'CERT_NOT_YET_VALID' || e.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      peer = e;
      break;
    }
  }
  if (!peer) return undefined;
  if (peer.code === 'CERT_HAS_EXPIRED') {
    return new NetworkError(
      `${target} presented a certificate that expired${peer.peerValidTo ? ` on ${peer.peerValidTo}` : ''}`,
      {
        code: 'CERTIFICATE_EXPIRED',
        hint: "the server's owner must renew its certificate; if that date is still to come, this machine's clock is wrong (adding a CA does not help)",
        cause: error,
      },
    );
  }
  if (peer.code === 'CERT_NOT_YET_VALID') {
    return new NetworkError(
      `${target} presented a certificate that is not valid before${peer.peerValidFrom ? ` ${peer.peerValidFrom}` : ' a later date'}`,
      {
        code: 'CERTIFICATE_NOT_YET_VALID',
        hint: "this machine's clock is probably behind: set it right (e.g. `sudo timedatectl set-ntp true`); adding a CA does not help",
        cause: error,
      },
    );
  }
  const names = peer.cert?.subjectaltname ?? peer.peerAltNames;
  return new NetworkError(
    `${target} presented a certificate for other names${names ? ` (${names})` : ''}${peer.host ? `, not ${peer.host}` : ''}`,
    {
      code: 'CERTIFICATE_NAME_MISMATCH',
      hint: 'the host name does not match the certificate: use the name the certificate is for, or check the URL/endpoint setting (adding a CA does not help)',
      cause: error,
    },
  );
}

/**
 * The proxy, not the endpoint, said no: a CONNECT answered with something else than 200, or 407 to an
 * absolute-form request. Named as the proxy, with what to do about a login (407) or a policy (403).
 */
export function proxyRefused(proxy: ProxyChoice, target: URL, status: number, statusText?: string): NetworkError {
  const host = target.port ? `${target.hostname}:${target.port}` : target.hostname;
  const hint =
    status === 407
      ? `the proxy wants a login: put it in the proxy URL (${proxy.variable}=http://user:password@host:port; messages mask the password), or ask your network team`
      : status === 403
        ? `the proxy's policy does not let you reach ${host}: ask your network team to allow it, or bypass the proxy for it (NO_PROXY=${target.hostname})`
        : `the proxy could not open the way to ${host}: check ${proxy.variable} and NO_PROXY, or ask your network team`;
  return new NetworkError(
    `the proxy ${proxy.shown} (${proxy.variable}) refused the connection to ${host}: HTTP ${status}${statusText ? ` ${statusText}` : ''}`,
    {
      code: 'PROXY_REFUSED',
      hint,
    },
  );
}

/**
 * An https:// proxy URL whose proxy does not speak TLS (the usual plain proxy written with https://): said so,
 * instead of an OpenSSL "wrong version number". Undefined for any other error.
 */
export function proxyNotTls(error: unknown, proxy: ProxyChoice | undefined): NetworkError | undefined {
  if (!proxy || proxy.url.protocol !== 'https:') return undefined;
  for (
    let e = error as { code?: string; cause?: unknown } | undefined, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (
      e.code === 'EPROTO' ||
      e.code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
      /wrong version number/i.test(String((e as { message?: string }).message))
    ) {
      return new NetworkError(
        `the proxy ${proxy.shown} (${proxy.variable}) does not speak TLS, which an https:// proxy URL asks for`,
        {
          code: 'PROXY_NOT_TLS',
          hint: `most proxies take plain HTTP even for https targets: write ${proxy.variable}=${proxy.shown.replace(/^https:/, 'http:')}`,
          cause: error,
        },
      );
    }
  }
  return undefined;
}
