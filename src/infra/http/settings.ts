// HttpSettings: what every network call of eks-login obeys, decided once per process from the environment
// (and, for AWS calls, the active profile's ca_bundle): proxies, extra trusted roots and deadlines.
import type { ProfileStsSettings } from '../../aws/config-file.js';
import type { Env } from '../../kernel/ports.js';

/** A file of PEM certificates added to the trusted roots, with the setting that named it (for messages). */
export interface CaBundleFile {
  path: string;
  /** e.g. `AWS_CA_BUNDLE` or `ca_bundle of profile dev`. */
  source: string;
}

export interface HttpSettings {
  /** The variables the proxy decision reads (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, either case). */
  env: Env;
  /** Added to the system roots (and NODE_EXTRA_CA_CERTS), never replacing them. */
  caBundles: CaBundleFile[];
  /** TCP (or proxy) connection established within this, else the socket is destroyed. */
  connectTimeoutMs: number;
  /** The whole exchange (connect, TLS, request, full answer) within this, else the socket is destroyed. */
  totalTimeoutMs: number;
  /**
   * The command's cancellation (container/command-signal.ts): when it aborts, every socket and tunnel of a request
   * is destroyed and the request rejects with its reason (Ctrl-C: exit 130).
   */
  signal?: AbortSignal | undefined;
  /** Where a warning goes (an unusable proxy URL, once per process); the composition root sets it. */
  warn?: ((message: string) => void) | undefined;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_TOTAL_TIMEOUT_MS = 10_000;

/**
 * Settings from the environment: AWS_CA_BUNDLE (else `profileCaBundle`, the active AWS profile's
 * `ca_bundle`, as in aws-cli where the variable wins) and the proxy variables.
 */
export function httpSettingsFromEnv(
  env: Env,
  options: { profileCaBundle?: CaBundleFile | undefined; connectTimeoutMs?: number; totalTimeoutMs?: number } = {},
): HttpSettings {
  const awsCaBundle = env.AWS_CA_BUNDLE?.trim();
  const caBundles = awsCaBundle
    ? [{ path: awsCaBundle, source: 'AWS_CA_BUNDLE' }]
    : options.profileCaBundle
      ? [options.profileCaBundle]
      : [];
  return {
    env,
    caBundles,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    totalTimeoutMs: options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS,
  };
}

/** Settings for AWS calls: the environment plus the active profile's `ca_bundle` (AWS_CA_BUNDLE wins). */
export function httpSettingsForAws(env: Env, profile: ProfileStsSettings | undefined): HttpSettings {
  const caBundle = profile?.ca_bundle;
  const path = caBundle && env.HOME ? caBundle.value.replace(/^~(?=\/)/, env.HOME) : caBundle?.value;
  return httpSettingsFromEnv(env, path && caBundle ? { profileCaBundle: { path, source: caBundle.source } } : {});
}
