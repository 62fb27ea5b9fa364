// IAM and EKS control-plane errors → exit codes: denied 5, rejected credentials 4, unreachable 6, a
// conflict or invalid request 3; the message names the operation, the object and the endpoint.
import {
  AccessDeniedError,
  ConfigError,
  CredentialsError,
  InternalError,
  NetworkError,
  isEksLoginError,
  type EksLoginError,
} from '../kernel/errors.js';
import { findHttpDeadlineError } from '../infra/http/deadline-error.js';
import { certificateProblem } from '../infra/http/network-error.js';
import { sdkErrorOf, socketCodeOf } from '../infra/aws/sdk-error.js';

export function translateAdminError(error: unknown, what: string, endpoint: string): EksLoginError {
  if (isEksLoginError(error)) return error;
  const deadline = findHttpDeadlineError(error);
  if (deadline) {
    return new NetworkError(
      `${endpoint} did not answer ${what} within ${Math.round(deadline.timeoutMs / 100) / 10} s (${deadline.phase})`,
      {
        cause: error,
        code: 'ENDPOINT_TIMEOUT',
        hint: 'check the network path (HTTPS_PROXY, NO_PROXY, VPN) and AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL_EKS',
      },
    );
  }
  const certificate = certificateProblem(error, endpoint);
  if (certificate) return certificate;
  const e = sdkErrorOf(error);
  const code = e.Code ?? e.name ?? '';
  const text = (e.message ?? String(error)).split('\n')[0];
  const options = { cause: error };
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(code) || e.$metadata?.httpStatusCode === 403) {
    return new AccessDeniedError(`${what} was denied at ${endpoint}: ${text}`, {
      ...options,
      hint: 'the admin credentials (default AWS chain: AWS_PROFILE, …) need IAM and EKS permissions for this; docs/admin.md lists them',
    });
  }
  if (
    /InvalidClientTokenId|SignatureDoesNotMatch|ExpiredToken|UnrecognizedClient|CredentialsProviderError/i.test(code)
  ) {
    return new CredentialsError(`${what} at ${endpoint}: the admin credentials were rejected: ${text}`, {
      ...options,
      hint: 'check AWS_PROFILE / the default AWS credentials (aws sts get-caller-identity)',
    });
  }
  if (socketCodeOf(error) !== '' || code === 'TimeoutError' || code === 'RequestTimeout') {
    return new NetworkError(`cannot reach ${endpoint} for ${what}: ${text}`, {
      ...options,
      code: 'ENDPOINT_UNREACHABLE',
      hint: 'check the network path (proxy, VPN) and AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL_EKS',
    });
  }
  if (
    /ResourceNotFound|NoSuchEntity|InvalidParameter|InvalidRequest|ResourceInUse|EntityAlreadyExists|LimitExceeded|MalformedPolicy|ValidationError|DeleteConflict/i.test(
      code,
    )
  ) {
    return new ConfigError(`${what} failed at ${endpoint}: ${code}: ${text}`, options);
  }
  return new InternalError(`${what} failed at ${endpoint}: ${code || 'error'}: ${text}`, options);
}

export function isNotFound(error: unknown): boolean {
  const e = sdkErrorOf(error);
  return /NoSuchEntity|ResourceNotFound/i.test(e.Code ?? e.name ?? '') || e.$metadata?.httpStatusCode === 404;
}
