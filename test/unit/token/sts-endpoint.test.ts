// resolveStsEndpoint (docs/token.md, "STS endpoint"): partitions, FIPS/dual-stack, legacy parity, endpoint overrides,
// and a cross-check of every regional host against @aws-sdk/client-sts's own endpoint rules.
import { STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { resolveStsEndpoint } from '../../../src/aws/sts-endpoint.js';

describe(resolveStsEndpoint.name, () => {
  it.each([
    ['eu-west-1', {}, 'https://sts.eu-west-1.amazonaws.com/', 'eu-west-1'],
    ['us-east-1', {}, 'https://sts.us-east-1.amazonaws.com/', 'us-east-1'],
    ['cn-north-1', {}, 'https://sts.cn-north-1.amazonaws.com.cn/', 'cn-north-1'],
    ['us-gov-west-1', {}, 'https://sts.us-gov-west-1.amazonaws.com/', 'us-gov-west-1'],
    ['aws-global', {}, 'https://sts.amazonaws.com/', 'us-east-1'],
    ['eu-west-1', { AWS_STS_REGIONAL_ENDPOINTS: 'legacy' }, 'https://sts.amazonaws.com/', 'us-east-1'],
    ['af-south-1', { AWS_STS_REGIONAL_ENDPOINTS: 'legacy' }, 'https://sts.af-south-1.amazonaws.com/', 'af-south-1'],
    ['cn-north-1', { AWS_STS_REGIONAL_ENDPOINTS: 'legacy' }, 'https://sts.cn-north-1.amazonaws.com.cn/', 'cn-north-1'],
    [
      'eu-west-1',
      { AWS_STS_REGIONAL_ENDPOINTS: 'legacy', AWS_USE_FIPS_ENDPOINT: 'true' },
      'https://sts-fips.eu-west-1.amazonaws.com/',
      'eu-west-1',
    ],
    ['aws-global', { AWS_USE_FIPS_ENDPOINT: 'true' }, 'https://sts-fips.us-east-1.amazonaws.com/', 'us-east-1'],
    ['aws-global', { AWS_USE_DUALSTACK_ENDPOINT: 'true' }, 'https://sts.us-east-1.api.aws/', 'us-east-1'],
    ['us-gov-west-1', { AWS_USE_FIPS_ENDPOINT: 'TRUE' }, 'https://sts.us-gov-west-1.amazonaws.com/', 'us-gov-west-1'],
    ['eu-west-1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, 'http://127.0.0.1:4566/', 'eu-west-1'],
    [
      'eu-west-1',
      { AWS_ENDPOINT_URL: 'http://a.example', AWS_ENDPOINT_URL_STS: 'https://127.0.0.1:8443' },
      'https://127.0.0.1:8443/',
      'eu-west-1',
    ],
    [
      'eu-west-1',
      { AWS_ENDPOINT_URL_STS: 'https://sts.example:443', AWS_STS_REGIONAL_ENDPOINTS: 'legacy' },
      'https://sts.example/',
      'eu-west-1',
    ],
    [
      'eu-west-1',
      { AWS_ENDPOINT_URL_STS: 'https://x.example', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
      'https://sts.eu-west-1.amazonaws.com/',
      'eu-west-1',
    ],
  ])('%s with %j → %s (scope %s)', (region, env, url, signingRegion) => {
    const endpoint = resolveStsEndpoint(region, env);
    expect(endpoint.url).toBe(url);
    expect(endpoint.signingRegion).toBe(signingRegion);
  });

  it('keeps scheme and port in the signed host of an override', () => {
    const e = resolveStsEndpoint('eu-west-1', { AWS_ENDPOINT_URL_STS: 'https://127.0.0.1:8443' });
    expect(e).toMatchObject({
      protocol: 'https:',
      hostname: '127.0.0.1',
      port: 8443,
      host: '127.0.0.1:8443',
      path: '/',
    });
  });

  it.each([
    [{ AWS_STS_REGIONAL_ENDPOINTS: 'sometimes' }, /AWS_STS_REGIONAL_ENDPOINTS/],
    [{ AWS_USE_FIPS_ENDPOINT: 'yes' }, /AWS_USE_FIPS_ENDPOINT/],
    [{ AWS_ENDPOINT_URL_STS: 'not a url' }, /AWS_ENDPOINT_URL_STS/],
    [{ AWS_ENDPOINT_URL_STS: 'ftp://x.example' }, /AWS_ENDPOINT_URL_STS/],
  ])('rejects %j as a config error (exit 3)', (env, message) => {
    expect(() => resolveStsEndpoint('eu-west-1', env)).toThrow(message);
    try {
      resolveStsEndpoint('eu-west-1', env);
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(3);
    }
  });

  it('rejects a malformed region as a usage error', () => {
    expect(() => resolveStsEndpoint('EU WEST', {})).toThrow(/invalid region/);
  });

  const regions = [
    'eu-west-1',
    'us-east-1',
    'cn-north-1',
    'cn-northwest-1',
    'us-gov-west-1',
    'us-gov-east-1',
    'us-iso-east-1',
    'us-isob-east-1',
    'eu-isoe-west-1',
    'us-isof-south-1',
    'eusc-de-east-1',
    'af-south-1',
    'xx-new-1',
  ];
  const variants = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const;
  it.each(regions.flatMap((r) => variants.map(([fips, dual]) => [r, fips, dual] as const)))(
    '%s fips=%s dual-stack=%s matches the STS SDK',
    async (region, fips, dual) => {
      const client = new STSClient({
        region,
        useFipsEndpoint: fips,
        useDualstackEndpoint: dual,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      });
      const sdk = client.config.endpointProvider({
        Region: region,
        UseFIPS: fips,
        UseDualStack: dual,
        UseGlobalEndpoint: false,
      });
      const ours = resolveStsEndpoint(region, {
        AWS_USE_FIPS_ENDPOINT: String(fips),
        AWS_USE_DUALSTACK_ENDPOINT: String(dual),
      });
      expect(ours.url).toBe(sdk.url.href);
      client.destroy();
    },
  );

  // The hosts it builds are written down without the URL parser (a cache hit's cost): the same fields the parser gives.
  const odd = ['a', '1', 'aws-global', 'x1-y--z-9', `r-${'x'.repeat(80)}`, 'xn--ls8h', 'xn--zz', 'us-xn--a-1'];
  const settings = [
    {},
    { AWS_STS_REGIONAL_ENDPOINTS: 'legacy' },
    { AWS_USE_FIPS_ENDPOINT: 'true' },
    { AWS_USE_DUALSTACK_ENDPOINT: 'true' },
  ];
  it.each([...regions, ...odd].flatMap((r) => settings.map((e) => [r, e] as const)))(
    '%s with %j: the fields the URL parser gives',
    (region, env) => {
      let ours: ReturnType<typeof resolveStsEndpoint> | Error;
      try {
        ours = resolveStsEndpoint(region, env);
      } catch (error) {
        ours = error as Error;
      }
      let parsed: URL | Error;
      const host = ours instanceof Error ? undefined : ours.host;
      try {
        parsed = new URL(`https://${host ?? `sts.${region}.amazonaws.com`}`);
      } catch (error) {
        parsed = error as Error;
      }
      if (parsed instanceof Error || ours instanceof Error) {
        expect(ours).toBeInstanceOf(Error); // a host the parser refuses is refused, by the parser's own rule
        expect(ours).toMatchObject({ exitCode: 3 });
        return;
      }
      expect(ours).toMatchObject({
        url: parsed.href,
        protocol: parsed.protocol,
        hostname: parsed.hostname,
        host: parsed.host,
        path: parsed.pathname,
      });
      expect(ours.port).toBeUndefined();
    },
  );
});
