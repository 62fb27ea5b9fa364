// Options every admin SDK client shares: the admin's credentials, the region, bounded retries, and the one
// HTTP layer's request handler (HTTPS_PROXY/NO_PROXY, AWS_CA_BUNDLE or the profile's ca_bundle added to the
// roots, hard deadlines).
import type { AwsCredentials } from '../../ports.js';
import { silenceSdkNodeVersionWarning } from '../aws-credential-chain.js';
import { createSdkRequestHandler } from '../http/sdk-handler.js';
import type { HttpSettings } from '../http/settings.js';

const TOTAL_TIMEOUT_MS = 15_000;

export function sdkClientOptions(credentials: AwsCredentials, region: string, http: HttpSettings) {
  silenceSdkNodeVersionWarning();
  return {
    region,
    credentials,
    maxAttempts: 2,
    requestHandler: createSdkRequestHandler({ ...http, totalTimeoutMs: TOTAL_TIMEOUT_MS }),
  };
}
