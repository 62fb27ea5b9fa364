// resolveStsEndpoint: the one decision of where STS lives, used for the token host AND for every STS
// call (AssumeRole, GetCallerIdentity). token-spec §1.4; precedence in docs/token.md.
import { ConfigError, UsageError } from '../../errors.js';
import type { Env } from '../../ports.js';
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
  /** Why this endpoint, for --debug. */
  reason: string;
}

/** Regions that `AWS_STS_REGIONAL_ENDPOINTS=legacy` sends to the global endpoint (botocore's list). */
const LEGACY_GLOBAL_REGIONS = new Set([
  'ap-northeast-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'aws-global', 'ca-central-1', 'eu-central-1',
  'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
]);

const REGION_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * Decides the STS endpoint for `region`:
 * 1. AWS_ENDPOINT_URL_STS, else AWS_ENDPOINT_URL (scheme, host, port and path kept; ignored when
 *    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true); signed for `region`.
 * 2. region `aws-global`, or AWS_STS_REGIONAL_ENDPOINTS=legacy with a legacy region, and neither FIPS nor
 *    dual-stack: `https://sts.amazonaws.com`, scope us-east-1 (commercial partition only).
 * 3. Otherwise regional: `sts[-fips].<region>.<domain | dual-stack domain>` of the region's partition
 *    (AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT). GovCloud's FIPS host is its regional host.
 */
export function resolveStsEndpoint(region: string, env: Env): StsEndpoint {
  if (!REGION_PATTERN.test(region)) {
    throw new UsageError(`invalid region "${region}": expected something like eu-west-1`, {
      hint: 'pass --region <aws region>, e.g. --region eu-west-1',
    });
  }
  const override = endpointOverride(env);
  if (override) return fromUrl(override.value, region, `${override.name} is set`, override.name);
  const fips = booleanSetting(env, 'AWS_USE_FIPS_ENDPOINT');
  const dualStack = booleanSetting(env, 'AWS_USE_DUALSTACK_ENDPOINT');
  const legacy = regionalSetting(env) === 'legacy';
  const partition = partitionOf(region);
  if (!fips && !dualStack && partition.hasGlobalEndpoint && (region === 'aws-global' || (legacy && LEGACY_GLOBAL_REGIONS.has(region)))) {
    const why = region === 'aws-global' ? 'region aws-global' : `AWS_STS_REGIONAL_ENDPOINTS=legacy and ${region} is a legacy region`;
    return fromUrl('https://sts.amazonaws.com', 'us-east-1', why);
  }
  // botocore signs aws-global with FIPS/dual-stack for us-east-1's variant host.
  const hostRegion = region === 'aws-global' ? 'us-east-1' : region;
  const domain = dualStack ? partition.dualStackDomain : partition.domain;
  const govFips = fips && !dualStack && partition.name === 'aws-us-gov';
  const label = fips && !govFips ? 'sts-fips' : 'sts';
  const variants = [fips ? 'FIPS' : '', dualStack ? 'dual-stack' : ''].filter(Boolean).join(', ');
  return fromUrl(`https://${label}.${hostRegion}.${domain}`, hostRegion, `regional endpoint of ${partition.name}${variants ? ` (${variants})` : ''}`);
}

function endpointOverride(env: Env): { name: string; value: string } | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
  for (const name of ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL']) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

function fromUrl(raw: string, signingRegion: string, reason: string, source?: string): StsEndpoint {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`invalid STS endpoint "${raw}" in ${source}: not a URL`, { hint: `set ${source} to e.g. https://sts.eu-west-1.amazonaws.com` });
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`invalid STS endpoint "${raw}" in ${source}: expected http(s)://host[:port][/path]`, {
      hint: `set ${source} to e.g. https://sts.eu-west-1.amazonaws.com`,
    });
  }
  const port = url.port ? Number(url.port) : undefined;
  const protocol = url.protocol;
  const path = url.pathname || '/';
  const host = url.host;
  return { url: `${protocol}//${host}${path}`, protocol, hostname: url.hostname, ...(port ? { port } : {}), path, host, signingRegion, reason };
}

function booleanSetting(env: Env, name: string): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (!value) return false;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new ConfigError(`invalid ${name}="${env[name]}": expected true or false`, { hint: `unset ${name} or set it to true/false` });
}

function regionalSetting(env: Env): 'legacy' | 'regional' {
  const value = env.AWS_STS_REGIONAL_ENDPOINTS?.trim().toLowerCase();
  if (!value || value === 'regional') return 'regional';
  if (value === 'legacy') return 'legacy';
  throw new ConfigError(`invalid AWS_STS_REGIONAL_ENDPOINTS="${env.AWS_STS_REGIONAL_ENDPOINTS}": expected legacy or regional`, {
    hint: 'unset AWS_STS_REGIONAL_ENDPOINTS (regional is the default) or set it to legacy',
  });
}
