// The one place the options of an AWS SDK client are decided, for every client eks-login makes (STS, IAM, EKS,
// SSO, SSO-OIDC) and for the clients the credential chain builds itself (its `clientConfig`): the request
// handler of the one HTTP layer over the HttpSettings the composition root made (proxy, the trusted roots with
// AWS_CA_BUNDLE or the active profile's ca_bundle, the deadlines, the command's signal), bounded retries, the
// region. No adapter builds a client any other way (test/arch/single-source.test.ts). What the SDK reads of the
// process itself (a home it can live with, its Node-version warning off) the composition root decided before any
// client is made (container/sdk-process.ts): nothing here writes process.env.
import type { HttpHandler } from '@smithy/protocol-http';
import type { AwsCredentials, Logger } from '../../kernel/ports.js';
import { createSdkRequestHandler } from '../http/sdk-handler.js';
import type { HttpSettings } from '../http/settings.js';

/** One try and one retry: a silent endpoint costs one deadline (the handler's deadline is not retried). */
const MAX_ATTEMPTS = 2;

interface SdkClientConfig {
  region: string;
  maxAttempts: number;
  requestHandler: HttpHandler;
  credentials?: AwsCredentials;
  endpoint?: string;
}

export interface SdkClients {
  /** The options of one client: a request handler of its own; no credentials for unsigned calls (SSO, SSO-OIDC). */
  config(
    region: string,
    options?: { credentials?: AwsCredentials | undefined; endpoint?: string | undefined },
  ): SdkClientConfig;
  /** The `clientConfig` the credential chain gives the STS and SSO clients it builds itself. */
  chainConfig(region: string): { region: string; requestHandler: HttpHandler };
}

/** `logger`: --debug gets one line per request (host and proxy decision, never a credential). */
export function sdkClients(http: HttpSettings, logger?: Logger): SdkClients {
  const handler = (): HttpHandler => createSdkRequestHandler(http, logger ? { debug: (m) => logger.debug(m) } : {});
  return {
    config: (region, o = {}) => ({
      region,
      maxAttempts: MAX_ATTEMPTS,
      requestHandler: handler(),
      ...(o.credentials ? { credentials: o.credentials } : {}),
      ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    }),
    chainConfig: (region) => ({ region, requestHandler: handler() }),
  };
}
