// The STS switches of the active profile in ~/.aws/config count like their environment variables (the
// variable wins), and the endpoint's reason names the deciding setting for --debug.
import { describe, expect, it } from 'vitest';
import { parseAwsConfig, profileStsSettings } from '../../../src/aws/config-file.js';
import { resolveStsEndpoint, stsTargetOf } from '../../../src/aws/sts-endpoint.js';

const CONFIG = `
# comment
[default]
region = eu-west-1
use_fips_endpoint = true ; inline comment

[profile dual]
use_dualstack_endpoint = TRUE
sts_regional_endpoints = legacy
ca_bundle = /etc/corp/ca.pem

[profile local]
services = emulators
endpoint_url = http://localhost:9999

[services emulators]
sts =
  endpoint_url = http://localhost:4566
s3 =
  endpoint_url = http://localhost:9000

[profile bad]
use_fips_endpoint = yes

[profile ignoring]
endpoint_url = http://localhost:9999
ignore_configured_endpoint_urls = true

[profile legacy]
sts_regional_endpoints = legacy
`;
const config = parseAwsConfig(CONFIG);
const profile = (name: string) => profileStsSettings(config, name);

describe('profile STS settings', () => {
  it('reads [default], [profile x], services sections and sub-settings', () => {
    expect(profile('default').use_fips_endpoint).toEqual({
      value: 'true',
      source: 'use_fips_endpoint in profile default',
    });
    expect(profile('dual').ca_bundle?.value).toBe('/etc/corp/ca.pem');
    expect(profile('local').sts_endpoint_url).toEqual({
      value: 'http://localhost:4566',
      source: 'endpoint_url of sts in [services emulators] (profile local)',
    });
    expect(profileStsSettings(config, 'missing')).toEqual({ profile: 'missing' });
  });

  it('use_fips_endpoint / use_dualstack_endpoint pick the variant host; the SDK resolves it (no explicit endpoint)', () => {
    const fips = resolveStsEndpoint('us-east-1', {}, profile('default'));
    expect(fips).toMatchObject({
      url: 'https://sts-fips.us-east-1.amazonaws.com/',
      fips: true,
      dualStack: false,
      overridden: false,
    });
    expect(fips.reason).toContain('FIPS: use_fips_endpoint in profile default');
    expect(stsTargetOf(fips)).toEqual({
      region: 'us-east-1',
      endpoint: 'https://sts-fips.us-east-1.amazonaws.com/',
      useFipsEndpoint: true,
    });
    // dual-stack wins over legacy (never the global endpoint with a variant)
    expect(resolveStsEndpoint('eu-west-1', {}, profile('dual')).url).toBe('https://sts.eu-west-1.api.aws/');
  });

  it('the environment variable wins over the profile', () => {
    expect(resolveStsEndpoint('us-east-1', { AWS_USE_FIPS_ENDPOINT: 'false' }, profile('default')).url).toBe(
      'https://sts.us-east-1.amazonaws.com/',
    );
    expect(resolveStsEndpoint('eu-west-1', { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1' }, profile('local')).url).toBe(
      'http://127.0.0.1:1/',
    );
    expect(resolveStsEndpoint('eu-west-1', { AWS_STS_REGIONAL_ENDPOINTS: 'regional' }, profile('legacy')).url).toBe(
      'https://sts.eu-west-1.amazonaws.com/',
    );
  });

  it('endpoint precedence: AWS_ENDPOINT_URL_STS > services sts endpoint_url > AWS_ENDPOINT_URL > profile endpoint_url', () => {
    const local = resolveStsEndpoint('eu-west-1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:2' }, profile('local'));
    expect(local).toMatchObject({
      url: 'http://localhost:4566/',
      overridden: true,
      reason: 'endpoint_url of sts in [services emulators] (profile local) is set',
    });
    expect(resolveStsEndpoint('eu-west-1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:2' }, profile('ignoring')).url).toBe(
      'https://sts.eu-west-1.amazonaws.com/',
    );
    expect(resolveStsEndpoint('eu-west-1', {}, profile('ignoring')).url).toBe('https://sts.eu-west-1.amazonaws.com/');
    expect(resolveStsEndpoint('eu-west-1', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, profile('local')).url).toBe(
      'https://sts.eu-west-1.amazonaws.com/',
    );
  });

  it('sts_regional_endpoints = legacy sends a legacy region to the global endpoint, naming the setting', () => {
    const legacy = resolveStsEndpoint('eu-west-1', {}, profile('legacy'));
    expect(legacy).toMatchObject({ url: 'https://sts.amazonaws.com/', signingRegion: 'us-east-1' });
    expect(legacy.reason).toBe('sts_regional_endpoints in profile legacy=legacy and eu-west-1 is a legacy region');
  });

  it('an invalid profile value is exit 3 naming the setting', () => {
    expect(() => resolveStsEndpoint('eu-west-1', {}, profile('bad'))).toThrow(
      /invalid use_fips_endpoint in profile bad="yes"/,
    );
  });
});
