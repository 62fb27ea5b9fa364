// What @aws-sdk/client-sso-oidc and @aws-sdk/client-sso throw → the OAuth errors the sign-in loop
// handles (SsoOAuthError) or EksLoginError subclasses with the contract's exit codes.
import {
  AccessDeniedError,
  CredentialsError,
  isEksLoginError,
  NetworkError,
  type EksLoginError,
} from '../../kernel/errors.js';
import { SsoOAuthError } from '../../kernel/sso-ports.js';
import { certificateProblem } from '../../infra/http/network-error.js';
import { failedBeforeAnswer, type SdkErrorShape } from '../../infra/aws/sdk-error.js';

/** The SDK's error fields, plus the OAuth fields SSO OIDC answers carry. */
interface SdkError extends SdkErrorShape {
  error?: string;
  error_description?: string;
}

const OAUTH: Record<string, SsoOAuthError['error']> = {
  AuthorizationPendingException: 'authorization_pending',
  SlowDownException: 'slow_down',
  ExpiredTokenException: 'expired_token',
  AccessDeniedException: 'access_denied',
  InvalidGrantException: 'invalid_grant',
  InvalidClientException: 'invalid_client',
  UnauthorizedClientException: 'invalid_client',
};

/** A socket-level failure (no HTTP answer): the endpoint is unreachable. */
function isNetworkFailure(e: SdkError): boolean {
  if (failedBeforeAnswer(e)) return true;
  return (
    e.$metadata?.httpStatusCode === undefined &&
    (Boolean(e.code) ||
      /ECONN|ENOTFOUND|EAI_AGAIN|socket|TLS|certificate|timed? ?out|deadline/i.test(`${e.name} ${e.message}`))
  );
}

export function translateOidcError(error: unknown, operation: string, endpoint: string): EksLoginError | SsoOAuthError {
  if (isEksLoginError(error) || error instanceof SsoOAuthError) return error;
  const e = (error ?? {}) as SdkError;
  const oauth = OAUTH[e.name ?? ''];
  const message = e.error_description ?? e.message ?? String(error);
  if (oauth) return new SsoOAuthError(oauth, message);
  if (isNetworkFailure(e)) return unreachable(endpoint, e, error);
  if (operation === 'CreateToken') return new SsoOAuthError('other', `${e.name ?? 'error'}: ${message}`);
  return new CredentialsError(
    `IAM Identity Center ${operation} at ${endpoint} failed: ${e.name ?? 'error'}: ${message}`,
    {
      code: 'SSO_OIDC_FAILED',
      hint: "check the bundle group's sso.startUrl and sso.region with your admin",
      cause: error,
    },
  );
}

export function translatePortalError(error: unknown, operation: string, endpoint: string, what: string): EksLoginError {
  if (isEksLoginError(error)) return error;
  const e = (error ?? {}) as SdkError;
  const message = e.message ?? String(error);
  if (isNetworkFailure(e)) return unreachable(endpoint, e, error);
  if (e.name === 'UnauthorizedException' || e.$metadata?.httpStatusCode === 401) {
    return new CredentialsError(
      `the AWS access portal at ${endpoint} rejected the sign-in (${operation}): ${message}`,
      { code: 'SSO_TOKEN_REJECTED', cause: error },
    );
  }
  if (
    e.name === 'ForbiddenException' ||
    e.$metadata?.httpStatusCode === 403 ||
    e.name === 'ResourceNotFoundException'
  ) {
    return new AccessDeniedError(`${operation} ${what} at ${endpoint} was denied: ${message}`, {
      code: 'SSO_ROLE_DENIED',
      hint: `you are signed in, but not assigned ${what}: ask your admin to assign it to you in IAM Identity Center`,
      cause: error,
    });
  }
  return new CredentialsError(`${operation} ${what} at ${endpoint} failed: ${e.name ?? 'error'}: ${message}`, {
    code: 'SSO_PORTAL_FAILED',
    cause: error,
  });
}

function unreachable(endpoint: string, e: SdkError, cause: unknown): NetworkError {
  const certificate = certificateProblem(cause, `IAM Identity Center at ${endpoint}`);
  if (certificate) return certificate;
  return new NetworkError(`cannot reach IAM Identity Center at ${endpoint}: ${e.message ?? String(cause)}`, {
    code: 'ENDPOINT_UNREACHABLE',
    hint: 'check the network and proxy settings (HTTPS_PROXY, NO_PROXY), and AWS_ENDPOINT_URL_SSO_OIDC / AWS_ENDPOINT_URL_SSO if set',
    cause,
  });
}
