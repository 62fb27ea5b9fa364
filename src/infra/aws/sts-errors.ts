// Turns what @aws-sdk/client-sts throws into EksLoginError subclasses with the exit codes of the
// contract. Every message names the STS endpoint and, where it applies, the role and the source identity.
// The classification happens here, once: each error carries `sts.reason` (errors.ts StsFailure), which
// core switches on instead of reading messages.
import {
  AccessDeniedError,
  ConfigError,
  CredentialsError,
  isEksLoginError,
  NetworkError,
  type EksLoginError,
  type StsFailure,
  type StsFailureReason,
} from '../../kernel/errors.js';
import { findHttpDeadlineError } from '../http/deadline-error.js';
import { certificateProblem } from '../http/network-error.js';
import { sdkErrorOf, socketCodeOf } from './sdk-error.js';

export interface StsCallContext {
  operation: 'AssumeRole' | 'GetCallerIdentity';
  endpoint: string;
  roleArn?: string | undefined;
  /** Who signed, e.g. the source ARN or "access key …ABCD". */
  caller: string;
  /** The SDK's measured clock offset (server time − local time) in ms, when known. */
  clockOffsetMs?: number | undefined;
}

/** Clock offsets above this make SigV4 requests (and EKS tokens) fail; AWS allows 5 minutes. */
const CLOCK_SKEW_LIMIT_MS = 4 * 60 * 1000;

export function translateStsError(error: unknown, ctx: StsCallContext): EksLoginError {
  if (isEksLoginError(error)) return error;
  const e = sdkErrorOf(error);
  const deadline = findHttpDeadlineError(error);
  if (deadline) {
    const seconds = Math.round(deadline.timeoutMs / 100) / 10;
    const what = ctx.roleArn ? `${ctx.operation} ${ctx.roleArn}` : ctx.operation;
    return new NetworkError(
      deadline.phase === 'connect'
        ? `no connection to STS at ${ctx.endpoint} for ${what} within ${seconds} s`
        : `STS at ${ctx.endpoint} did not answer ${what} within ${seconds} s`,
      {
        cause: error,
        code: 'STS_UNREACHABLE',
        hint: 'check the network, proxy (HTTPS_PROXY, NO_PROXY) and AWS_ENDPOINT_URL_STS; cached credentials were kept',
        sts: { reason: 'unreachable', endpoint: ctx.endpoint, caller: ctx.caller },
      },
    );
  }
  // A trusted CA's certificate that expired or names other hosts: said with the date or the names.
  const certificate = certificateProblem(error, `STS at ${ctx.endpoint}`);
  if (certificate) {
    return new NetworkError(certificate.message, {
      cause: error,
      code: certificate.code,
      hint: certificate.hint,
      sts: { reason: 'unreachable', endpoint: ctx.endpoint, caller: ctx.caller },
    });
  }
  const code = e.Code ?? e.name ?? '';
  const aws = firstLine(e.message ?? String(error));
  const target = ctx.roleArn ? `${ctx.operation} ${ctx.roleArn}` : ctx.operation;
  const skew = describeSkew(ctx.clockOffsetMs, e.$response?.headers);
  const failure = (reason: StsFailureReason): StsFailure => ({
    reason,
    endpoint: ctx.endpoint,
    caller: ctx.caller,
    ...(code ? { awsCode: code } : {}),
    awsMessage: aws,
  });
  const options = { cause: error };

  if (skew && (/Signature|Expired|Skew|InvalidClientTokenId/i.test(code) || /expired|skew/i.test(aws))) {
    return new CredentialsError(`${target} at ${ctx.endpoint} was rejected: ${skew.text}`, {
      ...options,
      sts: failure('clock-skew'),
      code: 'CLOCK_SKEW',
      hint: 'set the system clock right (e.g. `sudo timedatectl set-ntp true`), then retry; EKS also rejects tokens signed with a wrong clock',
    });
  }
  if (
    (code === 'AccessDenied' || code === 'AccessDeniedException') &&
    /MultiFactorAuthentication|one time pass code/i.test(aws)
  ) {
    return new AccessDeniedError(`${target} at ${ctx.endpoint} refused the MFA code of ${ctx.caller}: ${aws}`, {
      ...options,
      sts: failure('mfa-code-rejected'),
      code: 'MFA_CODE_REJECTED',
      hint: 'the code was mistyped, already used or expired (codes change every 30 s): run the command again with a fresh code; if it keeps failing, ask your AWS admin which MFA device is registered for you',
    });
  }
  if (code === 'AccessDenied' || code === 'AccessDeniedException') {
    return new AccessDeniedError(`${target} at ${ctx.endpoint} was denied for ${ctx.caller}: ${aws}`, {
      ...options,
      sts: failure('access-denied'),
      hint: ctx.roleArn
        ? `the role's trust policy must allow ${ctx.caller} (Principal, plus ExternalId/MFA conditions), and that identity's IAM policy must allow sts:AssumeRole on ${ctx.roleArn}; ask your AWS admin`
        : 'ask your AWS admin which permission is missing',
    });
  }
  if (
    code === 'InvalidClientTokenId' ||
    code === 'SignatureDoesNotMatch' ||
    code === 'UnrecognizedClientException' ||
    code === 'InvalidAccessKeyId'
  ) {
    // A key stored by setup gets its own message and hint from core (it knows the setup command), from `sts`.
    return new CredentialsError(`STS at ${ctx.endpoint} rejected the credentials of ${ctx.caller} (${code}): ${aws}`, {
      ...options,
      sts: failure('credentials-rejected'),
      code: 'CREDENTIALS_REJECTED',
      hint: 'check the AWS profile or environment credentials (run with --debug to see which source was used)',
    });
  }
  if (code === 'ExpiredToken' || code === 'ExpiredTokenException' || code === 'TokenRefreshRequired') {
    return new CredentialsError(`the credentials of ${ctx.caller} have expired (STS ${ctx.endpoint}: ${aws})`, {
      ...options,
      sts: failure('expired-token'),
      code: 'EXPIRED_TOKEN',
      hint: 'refresh the source credentials (e.g. `aws sso login`), then retry',
    });
  }
  if (
    code === 'ValidationError' ||
    code === 'MalformedPolicyDocument' ||
    code === 'SessionDurationEscalationException'
  ) {
    return new ConfigError(`${target} at ${ctx.endpoint} rejected the request: ${aws}`, {
      ...options,
      sts: failure('request-invalid'),
      code: 'STS_REQUEST_INVALID',
      hint: "check the group's sessionDurationSeconds against the role's maximum session duration, and the role ARN",
    });
  }
  if (code === 'RegionDisabledException') {
    return new AccessDeniedError(`${target}: STS is not activated in the region of ${ctx.endpoint}: ${aws}`, {
      ...options,
      sts: failure('region-disabled'),
      hint: 'activate the region for STS in IAM account settings',
    });
  }
  const status = e.$metadata?.httpStatusCode;
  if (code === 'Unknown' || code === 'UnknownError' || /Deserialization error|XML parse error/i.test(e.message ?? '')) {
    return notStsError(ctx.endpoint, target, status, error, ctx.caller);
  }
  const socketCode = socketCodeOf(error);
  if (status === undefined || status >= 500 || code === 'TimeoutError' || code === 'Throttling' || socketCode !== '') {
    const netCode = socketCode || e.code || sdkErrorOf(e.cause).code || '';
    const why =
      status && status >= 500 ? `HTTP ${status}` : code === 'Throttling' ? 'throttled' : netCode || code || aws;
    return new NetworkError(`cannot reach STS at ${ctx.endpoint} for ${target}: ${why}`, {
      ...options,
      sts: failure('unreachable'),
      code: 'STS_UNREACHABLE',
      hint: 'check the network, proxy (HTTPS_PROXY) and AWS_ENDPOINT_URL_STS; cached credentials were kept',
    });
  }
  return new CredentialsError(
    `${target} at ${ctx.endpoint} failed for ${ctx.caller} (${code || `HTTP ${status}`}): ${aws}`,
    { ...options, sts: failure('other') },
  );
}

/**
 * Exit 6 for an answer STS would never give (an HTML page, JSON, empty or foreign XML, an error body without
 * an STS error code): a proxy, captive portal or wrong endpoint URL answered instead.
 */
export function notStsError(
  endpoint: string,
  target: string,
  status: number | undefined,
  cause?: unknown,
  caller?: string,
): NetworkError {
  return new NetworkError(
    `STS answered something that is not STS: ${endpoint} answered ${target}${status ? ` with HTTP ${status}` : ''} and a body that is not an STS answer`,
    {
      ...(cause ? { cause } : {}),
      code: 'STS_ANSWER_UNREADABLE',
      sts: { reason: 'not-sts', endpoint, ...(caller ? { caller } : {}) },
      hint: 'a proxy, a captive portal or a wrong endpoint URL answered instead of STS: check HTTPS_PROXY/NO_PROXY, AWS_ENDPOINT_URL_STS and endpoint_url in ~/.aws/config',
    },
  );
}

/** How far off the local clock is, from the SDK's offset or the response's Date header. */
export function describeSkew(
  offsetMs: number | undefined,
  headers?: Record<string, string>,
  now: Date = new Date(),
): { ms: number; text: string } | undefined {
  let ms = offsetMs;
  const date = headers?.date ?? headers?.Date;
  if ((ms === undefined || ms === 0) && date) {
    const server = Date.parse(date);
    if (!Number.isNaN(server)) ms = server - now.getTime();
  }
  if (ms === undefined || Math.abs(ms) < CLOCK_SKEW_LIMIT_MS) return undefined;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  return {
    ms,
    text: `the local clock is ${minutes} minute${minutes === 1 ? '' : 's'} ${ms > 0 ? 'behind' : 'ahead of'} STS time`,
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}
