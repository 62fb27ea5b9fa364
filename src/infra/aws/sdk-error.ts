// What the AWS SDK throws, read one way by every translator (STS, IAM, the admin's IAM and EKS, IAM Identity
// Center): its fields, and whether it failed before any HTTP answer came (the HTTP layer's deadline, or a
// socket, DNS or TLS failure on the error or its cause). Each translator decides message and exit code.
import { findHttpDeadlineError } from '../http/deadline-error.js';

export interface SdkErrorShape {
  name?: string;
  /** The AWS error code of query-protocol services (STS, IAM) when the SDK sets it besides `name`. */
  Code?: string;
  /** A Node socket/TLS code (ECONNREFUSED, CERT_HAS_EXPIRED…) when no HTTP answer came. */
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string> };
  cause?: unknown;
}

/** Failures with no HTTP answer: the connection, the name lookup or the TLS handshake failed. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function sdkErrorOf(error: unknown): SdkErrorShape {
  return (error ?? {}) as SdkErrorShape;
}

/** The socket/TLS code of the error or of an error it wraps; '' when it is not such a failure. */
export function socketCodeOf(error: unknown): string {
  for (
    let e = error as SdkErrorShape | undefined, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = e.cause as SdkErrorShape | undefined, depth++
  ) {
    if (e.code && SOCKET_CODES.has(e.code)) return e.code;
  }
  return '';
}

/** True when no HTTP answer came: the HTTP layer's deadline, or a socket/TLS failure. */
export function failedBeforeAnswer(error: unknown): boolean {
  return findHttpDeadlineError(error) !== undefined || socketCodeOf(error) !== '';
}
