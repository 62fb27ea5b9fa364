// How the IAM Identity Center SDK clients reach the network: the one HTTP layer (src/adapters/http) with
// the proxies, extra CA roots and hard deadlines of the environment, one request handler per client.
import type { Env, Logger } from '../../ports.js';
import { awsHttpSettings } from '../http/aws-settings.js';
import { createSdkRequestHandler } from '../http/sdk-handler.js';

export interface SdkClientOptions {
  /** A fresh request handler for one SDK client. */
  requestHandler(): ReturnType<typeof createSdkRequestHandler>;
}

export function sdkClientOptions(env: Env, logger: Logger): SdkClientOptions {
  // As for STS: AWS_CA_BUNDLE, else the active profile's ca_bundle, added to the system roots.
  const settings = awsHttpSettings(env);
  return { requestHandler: () => createSdkRequestHandler(settings, { debug: (line) => logger.debug(line) }) };
}
