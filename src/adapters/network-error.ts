// Socket and TLS failures → NetworkError (exit 6) with a code the doctor and docs/troubleshooting.md know.
import { NetworkError } from '../errors.js';
import { findHttpDeadlineError } from './http/deadline-error.js';

const TLS_ERROR_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED', 'CERT_REJECTED',
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
    const message = deadline.phase === 'connect' ? `no connection to ${ctx.target} within ${seconds} s` : `${ctx.target} did not answer within ${seconds} s`;
    return new NetworkError(message, { code: 'ENDPOINT_TIMEOUT', hint: ctx.reachHint, cause: error });
  }
  if (TLS_ERROR_CODES.has(code)) {
    return new NetworkError(`${ctx.target} presented a certificate that the trusted CA does not validate: ${error.message}`, {
      code: 'CERTIFICATE_UNTRUSTED',
      hint: ctx.caHint,
      cause: error,
    });
  }
  if (code === 'ETIMEDOUT') {
    return new NetworkError(`${ctx.target} did not answer within ${Math.round(ctx.timeoutMs / 1000)} s`, {
      code: 'ENDPOINT_TIMEOUT',
      hint: ctx.reachHint,
      cause: error,
    });
  }
  return new NetworkError(`cannot reach ${ctx.target}: ${error.message}`, { code: 'ENDPOINT_UNREACHABLE', hint: ctx.reachHint, cause: error });
}
