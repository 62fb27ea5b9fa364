// Token expiry (min of 14 min and credential expiry − 60 s), freshness, and region precedence.
import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../../src/kernel/format/timestamp.js';
import { isCachedTokenUsable, isFreshEnough, tokenExpiration, tokenSigningTime } from '../../../src/token/expiry.js';
import { regionOfEksEndpoint, resolveRegion } from '../../../src/aws/region.js';

const signed = new Date('2025-01-02T03:04:05.678Z');

describe(tokenExpiration.name, () => {
  it('is signing time + 14 min, whole seconds, formatted with Z', () => {
    expect(formatTimestamp(tokenExpiration(signed))).toBe('2025-01-02T03:18:05Z');
  });
  it('is capped at credential expiry − 60 s', () => {
    expect(formatTimestamp(tokenExpiration(signed, new Date('2025-01-02T03:10:00Z')))).toBe('2025-01-02T03:09:00Z');
    expect(formatTimestamp(tokenExpiration(signed, new Date('2025-01-02T05:00:00Z')))).toBe('2025-01-02T03:18:05Z');
  });
  it('counts as fresh only with ≥ 2 min left', () => {
    const exp = new Date('2025-01-02T03:18:05Z');
    expect(isFreshEnough(exp, new Date('2025-01-02T03:16:05Z'))).toBe(true);
    expect(isFreshEnough(exp, new Date('2025-01-02T03:16:06Z'))).toBe(false);
  });
});

describe(formatTimestamp.name, () => {
  it('writes what toISOString writes, without the milliseconds, for every year toISOString writes with four digits', () => {
    const samples = [
      0,
      1,
      999,
      -1,
      Date.UTC(1970, 0, 1),
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59),
    ];
    samples.push(new Date('0000-01-01T00:00:00Z').getTime());
    for (let n = 0; n < 2000; n++) samples.push(Math.floor(Math.random() * 253_402_300_800_000));
    for (const ms of samples) {
      const date = new Date(ms);
      expect(formatTimestamp(date)).toBe(date.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    }
  });
  it('falls back to toISOString outside years 0-9999, and throws for an invalid date as it does', () => {
    const far = new Date(Date.UTC(10000, 0, 1));
    expect(formatTimestamp(far)).toBe('+010000-01-01T00:00:00Z');
    expect(formatTimestamp(new Date(Date.parse('0000-01-01T00:00:00Z') - 1000))).toBe('-000001-12-31T23:59:59Z');
    expect(() => formatTimestamp(new Date(NaN))).toThrow(RangeError);
  });
});

describe(resolveRegion.name, () => {
  const server = 'https://ABCD.gr7.ap-south-1.eks.amazonaws.com';
  it.each([
    [
      { flag: 'eu-west-1', env: { AWS_REGION: 'us-east-1' }, profileRegion: 'us-west-2', clusterServer: server },
      'eu-west-1',
      'flag',
    ],
    [
      { env: { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-2' }, profileRegion: 'us-west-2' },
      'us-east-1',
      'AWS_REGION',
    ],
    [{ env: { AWS_DEFAULT_REGION: 'us-east-2' }, profileRegion: 'us-west-2' }, 'us-east-2', 'AWS_DEFAULT_REGION'],
    [{ env: {}, profileRegion: 'us-west-2', clusterServer: server }, 'us-west-2', 'profile'],
    [{ env: {}, clusterServer: server }, 'ap-south-1', 'cluster endpoint'],
  ])('%j → %s from %s', (inputs, region, source) => {
    expect(resolveRegion(inputs)).toEqual({ region, source });
  });

  it('without any source: usage error saying how to set it', () => {
    expect(() => resolveRegion({ env: {}, clusterServer: 'https://127.0.0.1:6443' })).toThrow(
      expect.objectContaining({ exitCode: 2, hint: expect.stringContaining('--region') }),
    );
  });

  it.each([
    ['https://ABCD.gr7.eu-west-1.eks.amazonaws.com', 'eu-west-1'],
    ['https://abcd.yl4.cn-north-1.eks.amazonaws.com.cn:443', 'cn-north-1'],
    ['https://x.sk1.us-gov-west-1.eks.amazonaws.com', 'us-gov-west-1'],
    ['https://127.0.0.1:6443', undefined],
    ['not a url', undefined],
  ])('regionOfEksEndpoint(%s) = %s', (url, region) => {
    expect(regionOfEksEndpoint(url)).toBe(region);
  });
});

describe('isCachedTokenUsable', () => {
  const token = (amzDate: string) =>
    `k8s-aws-v1.${Buffer.from(`https://sts.amazonaws.com/?Action=GetCallerIdentity&X-Amz-Date=${amzDate}&X-Amz-Expires=60`).toString('base64url')}`;
  const now = new Date('2025-01-02T03:00:00Z');
  it('refuses a token signed more than 5 min after now, keeps one within the skew and one without a date', () => {
    const expiration = new Date('2025-01-02T03:30:00Z');
    expect(tokenSigningTime(token('20250102T031600Z'))).toEqual(new Date('2025-01-02T03:16:00Z'));
    expect(isCachedTokenUsable({ token: token('20250102T030501Z'), expiration }, now)).toBe(false);
    expect(isCachedTokenUsable({ token: token('20250102T030500Z'), expiration }, now)).toBe(true);
    expect(isCachedTokenUsable({ token: 'k8s-aws-v1.not-a-url', expiration }, now)).toBe(true);
    expect(
      isCachedTokenUsable({ token: token('20250102T025000Z'), expiration: new Date('2025-01-02T03:01:00Z') }, now),
    ).toBe(false);
  });
});
