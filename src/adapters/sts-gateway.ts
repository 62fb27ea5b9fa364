// StsGateway over @aws-sdk/client-sts. The endpoint is always the one resolveStsEndpoint chose, passed
// explicitly, so AWS_ENDPOINT_URL_STS moves these calls and the token host together.
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AccessDeniedError, CredentialsError, EksLoginError, InternalError, NetworkError } from '../errors.js';
import type { AssumeRoleRequest, AssumedRole, AwsCredentials, CallerIdentity, StsGateway, StsTarget } from '../ports.js';
import { silenceSdkNodeVersionWarning } from './aws-credential-chain.js';

const TIMEOUT_MS = 10_000;

export function createStsGateway(): StsGateway {
  silenceSdkNodeVersionWarning();
  const client = (credentials: AwsCredentials, target: StsTarget) =>
    new STSClient({ region: target.region, endpoint: target.endpoint, credentials, maxAttempts: 2, requestHandler: { requestTimeout: TIMEOUT_MS, connectionTimeout: TIMEOUT_MS } });
  return {
    async getCallerIdentity(credentials, target): Promise<CallerIdentity> {
      try {
        const out = await client(credentials, target).send(new GetCallerIdentityCommand({}));
        return { arn: out.Arn ?? '', account: out.Account ?? '', userId: out.UserId ?? '' };
      } catch (error) {
        throw translateStsError(error, `GetCallerIdentity at ${target.endpoint}`);
      }
    },
    async assumeRole(credentials, target, request: AssumeRoleRequest): Promise<AssumedRole> {
      try {
        const out = await client(credentials, target).send(
          new AssumeRoleCommand({
            RoleArn: request.roleArn,
            RoleSessionName: request.roleSessionName,
            DurationSeconds: request.durationSeconds,
            ExternalId: request.externalId,
            SerialNumber: request.serialNumber,
            TokenCode: request.tokenCode,
          }),
        );
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey || !c.Expiration) throw new InternalError(`assuming role ${request.roleArn}: STS returned no credentials`);
        return {
          credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), expiration: c.Expiration },
          assumedRoleArn: out.AssumedRoleUser?.Arn ?? '',
          assumedRoleId: out.AssumedRoleUser?.AssumedRoleId ?? '',
        };
      } catch (error) {
        throw translateStsError(error, `assuming role ${request.roleArn} at ${target.endpoint}`);
      }
    },
  };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError', 'RequestTimeout']);
const CREDENTIAL_CODES = new Set(['InvalidClientTokenId', 'SignatureDoesNotMatch', 'ExpiredToken', 'ExpiredTokenException', 'UnrecognizedClientException', 'IncompleteSignature']);

/** AWS SDK error → EksLoginError (first version; the credentials issue refines messages and hints). */
export function translateStsError(error: unknown, what: string): EksLoginError {
  if (error instanceof EksLoginError) return error;
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? '';
  const message = (e.message ?? String(error)).split('\n')[0];
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    return new AccessDeniedError(`${what}: access denied (${message})`, { cause: error, hint: 'check that the role trust policy allows your identity (eks-login whoami shows it)' });
  }
  if (CREDENTIAL_CODES.has(name)) {
    return new CredentialsError(`${what}: credentials rejected (${name}: ${message})`, { cause: error, hint: 'check or refresh the access key (eks-login setup again, or aws configure)' });
  }
  if (NETWORK_CODES.has(name) || (e.code && NETWORK_CODES.has(e.code)) || !e.$metadata?.httpStatusCode) {
    return new NetworkError(`${what}: endpoint unreachable (${message})`, { cause: error, hint: 'check the network, HTTPS_PROXY, --region and AWS_ENDPOINT_URL_STS' });
  }
  return new InternalError(`${what}: STS error ${name}: ${message}`, { cause: error });
}
