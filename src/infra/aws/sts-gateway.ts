// StsGateway over @aws-sdk/client-sts, through the HTTP layer (proxy, CA bundle, hard deadline). The endpoint
// is the one resolveStsEndpoint chose: passed explicitly, so AWS_ENDPOINT_URL_STS moves these calls and the
// token host together; with FIPS or dual-stack the SDK resolves the same host from region + flags (it refuses
// an explicit endpoint with them).
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type {
  AssumeRoleRequest,
  AssumedRole,
  AwsCredentials,
  CallerIdentity,
  Logger,
  StsGateway,
  StsTarget,
} from '../../kernel/ports.js';
import { sdkClients } from './sdk-client.js';
import type { HttpSettings } from '../http/settings.js';
import { describeSkew, notStsError, translateStsError } from './sts-errors.js';

/**
 * `logger` (optional) gets one warning when STS answered but the local clock is more than 4 minutes off:
 * the SDK corrects its own requests, but EKS rejects tokens presigned with the local clock.
 */
export function createStsGateway(options: { logger?: Logger; http: HttpSettings }): StsGateway {
  const sdk = sdkClients(options.http, options.logger);
  let warned = false;
  const checkClock = (sts: STSClient, endpoint: string): void => {
    const skew = describeSkew(sts.config.systemClockOffset);
    if (!skew || warned || !options.logger) return;
    warned = true;
    options.logger.warn(
      `${skew.text} (measured at ${endpoint}); EKS rejects tokens signed with a wrong clock: set the system clock right (e.g. \`sudo timedatectl set-ntp true\`)`,
    );
  };
  const client = (credentials: AwsCredentials, target: StsTarget) => {
    const bySdk = Boolean(target.useFipsEndpoint || target.useDualstackEndpoint);
    return new STSClient({
      ...sdk.config(target.region, { credentials, endpoint: bySdk ? undefined : target.endpoint }),
      useFipsEndpoint: Boolean(target.useFipsEndpoint),
      useDualstackEndpoint: Boolean(target.useDualstackEndpoint),
    });
  };
  return {
    async getCallerIdentity(credentials, target): Promise<CallerIdentity> {
      const sts = client(credentials, target);
      try {
        const out = await sts.send(new GetCallerIdentityCommand({}));
        if (!out.Arn || !out.Account)
          throw notStsError(target.endpoint, 'GetCallerIdentity', out.$metadata.httpStatusCode);
        checkClock(sts, target.endpoint);
        return { arn: out.Arn, account: out.Account, userId: out.UserId ?? '' };
      } catch (error) {
        throw translateStsError(error, {
          operation: 'GetCallerIdentity',
          endpoint: target.endpoint,
          caller: keyName(credentials),
          clockOffsetMs: sts.config.systemClockOffset,
        });
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
            SourceIdentity: request.sourceIdentity,
          }),
        );
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey || !c.Expiration)
          throw notStsError(target.endpoint, `AssumeRole ${request.roleArn}`, out.$metadata.httpStatusCode);
        checkClock(sts, target.endpoint);
        return {
          credentials: {
            accessKeyId: c.AccessKeyId,
            secretAccessKey: c.SecretAccessKey,
            ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
            expiration: c.Expiration,
          },
          assumedRoleArn: out.AssumedRoleUser?.Arn ?? '',
          assumedRoleId: out.AssumedRoleUser?.AssumedRoleId ?? '',
          ...(out.SourceIdentity ? { sourceIdentity: out.SourceIdentity } : {}),
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
