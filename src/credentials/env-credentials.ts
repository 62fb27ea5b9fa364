// Credentials from the environment, read the way the AWS SDK's fromEnv does (pure: the env is a value).
import { CredentialsError } from '../kernel/errors.js';
import type { AwsCredentials, Env } from '../kernel/ports.js';

/** AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, optional AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION (ISO 8601). */
export function credentialsFromEnv(env: Env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId || !secretAccessKey) {
    throw new CredentialsError(
      'no AWS credentials in the environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set',
      {
        hint: 'export both variables, or use --source-profile <profile>',
      },
    );
  }
  const credentials: AwsCredentials = { accessKeyId, secretAccessKey };
  const sessionToken = env.AWS_SESSION_TOKEN?.trim();
  if (sessionToken) credentials.sessionToken = sessionToken;
  const expiration = env.AWS_CREDENTIAL_EXPIRATION?.trim();
  if (expiration) {
    const date = new Date(expiration);
    if (Number.isNaN(date.getTime())) {
      throw new CredentialsError(`invalid AWS_CREDENTIAL_EXPIRATION "${expiration}": not an ISO 8601 time`, {
        hint: 'unset it or set e.g. 2025-01-02T04:00:00Z',
      });
    }
    credentials.expiration = date;
  }
  return credentials;
}
