// StsGateway over @aws-sdk/client-sts. The endpoint is always the one resolveStsEndpoint chose, passed
// explicitly, so AWS_ENDPOINT_URL_STS moves these calls and the token host together.
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { InternalError } from '../errors.js';
import type { AssumeRoleRequest, AssumedRole, AwsCredentials, CallerIdentity, Logger, StsGateway, StsTarget } from '../ports.js';
import { silenceSdkNodeVersionWarning } from './aws-credential-chain.js';
import { describeSkew, translateStsError } from './sts-errors.js';

const TIMEOUT_MS = 10_000;

/**
 * `logger` (optional) gets one warning when STS answered but the local clock is more than 4 minutes off:
 * the SDK corrects its own requests, but EKS rejects tokens presigned with the local clock.
 */
export function createStsGateway(options: { logger?: Logger } = {}): StsGateway {
  silenceSdkNodeVersionWarning();
  let warned = false;
  const checkClock = (sts: STSClient, endpoint: string): void => {
    const skew = describeSkew(sts.config.systemClockOffset);
    if (!skew || warned || !options.logger) return;
    warned = true;
    options.logger.warn(`${skew.text} (measured at ${endpoint}); EKS rejects tokens signed with a wrong clock: set the system clock right (e.g. \`sudo timedatectl set-ntp true\`)`);
  };
  const client = (credentials: AwsCredentials, target: StsTarget) =>
    new STSClient({ region: target.region, endpoint: target.endpoint, credentials, maxAttempts: 2, requestHandler: { requestTimeout: TIMEOUT_MS, connectionTimeout: TIMEOUT_MS } });
  return {
    async getCallerIdentity(credentials, target): Promise<CallerIdentity> {
      const sts = client(credentials, target);
      try {
        const out = await sts.send(new GetCallerIdentityCommand({}));
        checkClock(sts, target.endpoint);
        return { arn: out.Arn ?? '', account: out.Account ?? '', userId: out.UserId ?? '' };
      } catch (error) {
        throw translateStsError(error, { operation: 'GetCallerIdentity', endpoint: target.endpoint, caller: keyName(credentials), clockOffsetMs: sts.config.systemClockOffset });
      } finally {
        sts.destroy();
      }
    },
    async assumeRole(credentials, target, request: AssumeRoleRequest): Promise<AssumedRole> {
      const sts = client(credentials, target);
      try {
        const out = await sts.send(
          new AssumeRoleCommand({
            RoleArn: request.roleArn,
            RoleSessionName: request.roleSessionName,
            DurationSeconds: request.durationSeconds,
            ExternalId: request.externalId,
            SerialNumber: request.serialNumber,
            TokenCode: request.tokenCode,
          }),
        );
        checkClock(sts, target.endpoint);
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey || !c.Expiration) throw new InternalError(`assuming role ${request.roleArn}: STS returned no credentials`);
        return {
          credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), expiration: c.Expiration },
          assumedRoleArn: out.AssumedRoleUser?.Arn ?? '',
          assumedRoleId: out.AssumedRoleUser?.AssumedRoleId ?? '',
        };
      } catch (error) {
        throw translateStsError(error, {
          operation: 'AssumeRole',
          endpoint: target.endpoint,
          roleArn: request.roleArn,
          caller: request.sourceArn ?? keyName(credentials),
          clockOffsetMs: sts.config.systemClockOffset,
        });
      } finally {
        sts.destroy();
      }
    },
  };
}

/** How messages name credentials whose owner is unknown: the access key id's last 4 characters only. */
function keyName(credentials: AwsCredentials): string {
  return `access key …${credentials.accessKeyId.slice(-4)}`;
}
