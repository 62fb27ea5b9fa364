// How the IAM Identity Center SDK clients reach the network: the one HTTP layer (src/adapters/http) with
// the proxies, extra CA roots and hard deadlines of the environment, one request handler per client.
import type { Logger } from '../../ports.js';
import { createSdkRequestHandler } from '../http/sdk-handler.js';
import type { HttpSettings } from '../http/settings.js';

export interface SdkClientOptions {
  /** A fresh request handler for one SDK client. */
  requestHandler(): ReturnType<typeof createSdkRequestHandler>;
}

/** `settings`: as for STS, AWS_CA_BUNDLE else the active profile's ca_bundle, and the command's signal. */
export function sdkClientOptions(settings: HttpSettings, logger: Logger): SdkClientOptions {
  return { requestHandler: () => createSdkRequestHandler(settings, { debug: (line) => logger.debug(line) }) };
}
