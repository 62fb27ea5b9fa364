// Options every admin SDK client shares: the admin's credentials, the region, bounded retries and deadlines.
// (One place to plug in the shared HTTP layer's request handler: proxies and extra CA roots.)
import type { AwsCredentials } from '../../ports.js';
import { silenceSdkNodeVersionWarning } from '../aws-credential-chain.js';

const TIMEOUT_MS = 15_000;

export function sdkClientOptions(credentials: AwsCredentials, region: string) {
  silenceSdkNodeVersionWarning();
  return { region, credentials, maxAttempts: 2, requestHandler: { requestTimeout: TIMEOUT_MS, connectionTimeout: TIMEOUT_MS } };
}
