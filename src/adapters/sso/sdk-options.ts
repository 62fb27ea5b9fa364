// How the IAM Identity Center SDK clients reach the network: the one HTTP layer (src/adapters/http) with
// the proxies, extra CA roots and hard deadlines of the environment, one request handler per client.
import type { Env, Logger } from '../../ports.js';
import { createSdkRequestHandler } from '../http/sdk-handler.js';
import { httpSettingsFromEnv } from '../http/settings.js';

export interface SdkClientOptions {
  /** A fresh request handler for one SDK client. */
  requestHandler(): ReturnType<typeof createSdkRequestHandler>;
}

export function sdkClientOptions(env: Env, logger: Logger): SdkClientOptions {
  const settings = httpSettingsFromEnv(env);
  return { requestHandler: () => createSdkRequestHandler(settings, { debug: (line) => logger.debug(line) }) };
}
