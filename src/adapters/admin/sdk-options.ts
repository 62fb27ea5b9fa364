// Options every admin SDK client shares: the admin's credentials, the region, bounded retries, and the one
// HTTP layer's request handler (HTTPS_PROXY/NO_PROXY, AWS_CA_BUNDLE or the profile's ca_bundle added to the
// roots, hard deadlines).
import type { AwsCredentials, Env } from '../../ports.js';
import { silenceSdkNodeVersionWarning } from '../aws-credential-chain.js';
import { awsHttpSettings } from '../http/aws-settings.js';
import { createSdkRequestHandler } from '../http/sdk-handler.js';

const TOTAL_TIMEOUT_MS = 15_000;

export function sdkClientOptions(credentials: AwsCredentials, region: string, env: Env) {
  silenceSdkNodeVersionWarning();
  return { region, credentials, maxAttempts: 2, requestHandler: createSdkRequestHandler({ ...awsHttpSettings(env), totalTimeoutMs: TOTAL_TIMEOUT_MS }) };
}
