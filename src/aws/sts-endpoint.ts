// resolveStsEndpoint: the one decision of where STS lives, used for the token host AND for every STS
// call (AssumeRole, GetCallerIdentity). The precedence is in docs/token.md ("STS endpoint").
import { ConfigError, UsageError } from '../kernel/errors.js';
import type { Env, StsTarget } from '../kernel/ports.js';
import type { ProfileSetting, ProfileStsSettings } from './config-file.js';
import { partitionOf } from './partitions.js';

export interface StsEndpoint {
  /** Origin plus path, e.g. `https://sts.eu-west-1.amazonaws.com/`; the presigned URL starts with it. */
  url: string;
  protocol: 'https:' | 'http:';
  hostname: string;
  /** Explicit port when not the scheme's default. */
  port?: number;
  path: string;
  /** The `host` header value that is signed (hostname plus a non-default port). */
  host: string;
  /** Region in the credential scope (us-east-1 for the global endpoint). */
  signingRegion: string;
  /** Why this endpoint, for --debug: names the deciding setting (variable or profile setting). */
  reason: string;
  /** An endpoint URL setting decided it (then the SDK gets this URL explicitly). */
  overridden: boolean;
  /** FIPS / dual-stack variant: STS calls then let the SDK resolve the host (no explicit endpoint). */
  fips: boolean;
  dualStack: boolean;
}

/** Where STS calls go for this endpoint (the StsGateway's target). */
export function stsTargetOf(endpoint: StsEndpoint): StsTarget {
  return {
    region: endpoint.signingRegion,
    endpoint: endpoint.url,
    ...(endpoint.fips ? { useFipsEndpoint: true } : {}),
    ...(endpoint.dualStack ? { useDualstackEndpoint: true } : {}),
  };
}

/** Regions that `AWS_STS_REGIONAL_ENDPOINTS=legacy` sends to the global endpoint (botocore's list). */
const LEGACY_GLOBAL_REGIONS = new Set([
  'ap-northeast-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'aws-global',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
]);

const REGION_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * Decides the STS endpoint for `region`. Each switch is the environment variable, else the same setting in
 * the active AWS profile (`profile`, from ~/.aws/config), as aws-cli does:
 * 1. AWS_ENDPOINT_URL_STS, else `endpoint_url` of `sts` in the profile's `services` section, else
 *    AWS_ENDPOINT_URL, else the profile's `endpoint_url` (scheme, host, port and path kept; none of them when
 *    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / ignore_configured_endpoint_urls is true); signed for `region`.
 * 2. region `aws-global`, or AWS_STS_REGIONAL_ENDPOINTS / sts_regional_endpoints = legacy with a legacy region,
 *    and neither FIPS nor dual-stack: `https://sts.amazonaws.com`, scope us-east-1 (commercial partition only).
 * 3. Otherwise regional: `sts[-fips].<region>.<domain | dual-stack domain>` of the region's partition
 *    (AWS_USE_FIPS_ENDPOINT / use_fips_endpoint, AWS_USE_DUALSTACK_ENDPOINT / use_dualstack_endpoint).
 *    GovCloud's FIPS host is its regional host.
 */
export function resolveStsEndpoint(region: string, env: Env, profile?: ProfileStsSettings): StsEndpoint {
  if (!REGION_PATTERN.test(region)) {
    throw new UsageError(`invalid region "${region}": expected something like eu-west-1`, {
      hint: 'pass --region <aws region>, e.g. --region eu-west-1',
    });
  }
  const override = endpointOverride(env, profile);
  if (override)
    return fromUrl(override.value, region, `${override.name} is set`, override.name, {
      overridden: true,
      fips: false,
      dualStack: false,
    });
  const fipsSetting = booleanSetting(env, 'AWS_USE_FIPS_ENDPOINT', profile?.use_fips_endpoint);
  const dualSetting = booleanSetting(env, 'AWS_USE_DUALSTACK_ENDPOINT', profile?.use_dualstack_endpoint);
  const fips = fipsSetting.value;
  const dualStack = dualSetting.value;
  const regional = regionalSetting(env, profile?.sts_regional_endpoints);
  const legacy = regional.value === 'legacy';
  const partition = partitionOf(region);
  if (
    !fips &&
    !dualStack &&
    partition.hasGlobalEndpoint &&
    (region === 'aws-global' || (legacy && LEGACY_GLOBAL_REGIONS.has(region)))
  ) {
    const why =
      region === 'aws-global' ? 'region aws-global' : `${regional.source}=legacy and ${region} is a legacy region`;
    return fromHost('sts.amazonaws.com', 'us-east-1', why, { overridden: false, fips: false, dualStack: false });
  }
  // botocore signs aws-global with FIPS/dual-stack for us-east-1's variant host.
  const hostRegion = region === 'aws-global' ? 'us-east-1' : region;
  const domain = dualStack ? partition.dualStackDomain : partition.domain;
  const govFips = fips && !dualStack && partition.name === 'aws-us-gov';
  const label = fips && !govFips ? 'sts-fips' : 'sts';
  const variants = [fips ? `FIPS: ${fipsSetting.source}` : '', dualStack ? `dual-stack: ${dualSetting.source}` : '']
    .filter(Boolean)
    .join(', ');
  return fromHost(
    `${label}.${hostRegion}.${domain}`,
    hostRegion,
    `regional endpoint of ${partition.name}${variants ? ` (${variants})` : ''}`,
    { overridden: false, fips, dualStack },
  );
}

function endpointOverride(
  env: Env,
  profile: ProfileStsSettings | undefined,
): { name: string; value: string } | undefined {
  const ignore = booleanSetting(
    env,
    'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
    profile?.ignore_configured_endpoint_urls,
    true,
  );
  if (ignore.value) return undefined;
  const candidates: Array<{ name: string; value: string | undefined }> = [
    { name: 'AWS_ENDPOINT_URL_STS', value: env.AWS_ENDPOINT_URL_STS },
    { name: profile?.sts_endpoint_url?.source ?? '', value: profile?.sts_endpoint_url?.value },
    { name: 'AWS_ENDPOINT_URL', value: env.AWS_ENDPOINT_URL },
    { name: profile?.endpoint_url?.source ?? '', value: profile?.endpoint_url?.value },
  ];
  for (const { name, value } of candidates) {
    const trimmed = value?.trim();
    if (trimmed) return { name, value: trimmed };
  }
  return undefined;
}

type Variant = Pick<StsEndpoint, 'overridden' | 'fips' | 'dualStack'>;

/**
 * An AWS host built here (sts label, a region that matched REGION_PATTERN, a partition's domain): lower-case
 * letters, digits, dots and hyphens, already what the URL parser would make of it, so it is written down
 * directly. The URL parser's first use costs a cache hit more than the rest of this module
 * (docs/performance.md). A punycode label (`xn--`) is the parser's to judge.
 */
function fromHost(host: string, signingRegion: string, reason: string, variant: Variant): StsEndpoint {
  if (host.includes('xn--')) return fromUrl(`https://${host}`, signingRegion, reason, undefined, variant);
  return {
    url: `https://${host}/`,
    protocol: 'https:',
    hostname: host,
    path: '/',
    host,
    signingRegion,
    reason,
    ...variant,
  };
}

function fromUrl(
  raw: string,
  signingRegion: string,
  reason: string,
  source: string | undefined,
  variant: Variant,
): StsEndpoint {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`invalid STS endpoint "${raw}" in ${source}: not a URL`, {
      hint: `set ${source} to e.g. https://sts.eu-west-1.amazonaws.com`,
    });
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.search ||
    url.hash ||
    url.username ||
    url.password
  ) {
    throw new ConfigError(`invalid STS endpoint "${raw}" in ${source}: expected http(s)://host[:port][/path]`, {
      hint: `set ${source} to e.g. https://sts.eu-west-1.amazonaws.com`,
    });
  }
  const port = url.port ? Number(url.port) : undefined;
  const protocol = url.protocol;
  const path = url.pathname || '/';
  const host = url.host;
  return {
    url: `${protocol}//${host}${path}`,
    protocol,
    hostname: url.hostname,
    ...(port ? { port } : {}),
    path,
    host,
    signingRegion,
    reason,
    ...variant,
  };
}

/** An environment variable, else the profile's setting; `lenient`: anything but "true" is false (aws-cli's rule for the ignore flag). */
function booleanSetting(
  env: Env,
  name: string,
  fromProfile: ProfileSetting | undefined,
  lenient = false,
): { value: boolean; source: string } {
  const envValue = env[name]?.trim();
  const raw = envValue || fromProfile?.value.trim();
  const source = envValue ? name : (fromProfile?.source ?? name);
  if (!raw) return { value: false, source };
  const value = raw.toLowerCase();
  if (value === 'true' || value === 'false' || lenient) return { value: value === 'true', source };
  throw new ConfigError(`invalid ${source}="${raw}": expected true or false`, {
    hint: envValue
      ? `unset ${name} or set it to true/false`
      : `set it to true or false in ~/.aws/config (or AWS_CONFIG_FILE)`,
  });
}

function regionalSetting(
  env: Env,
  fromProfile: ProfileSetting | undefined,
): { value: 'legacy' | 'regional'; source: string } {
  const envValue = env.AWS_STS_REGIONAL_ENDPOINTS?.trim();
  const raw = envValue || fromProfile?.value.trim();
  const source = envValue ? 'AWS_STS_REGIONAL_ENDPOINTS' : (fromProfile?.source ?? 'AWS_STS_REGIONAL_ENDPOINTS');
  const value = raw?.toLowerCase();
  if (!value || value === 'regional') return { value: 'regional', source };
  if (value === 'legacy') return { value: 'legacy', source };
  throw new ConfigError(`invalid ${source}="${raw}": expected legacy or regional`, {
    hint: envValue
      ? 'unset AWS_STS_REGIONAL_ENDPOINTS (regional is the default) or set it to legacy'
      : 'set sts_regional_endpoints to regional or legacy in ~/.aws/config',
  });
}
