import { describe, expect, it } from 'vitest';
import { inspectToken } from '../../src/diagnose/token-inspect/inspect-token.js';
import { renderInspection } from '../../src/diagnose/token-inspect/render-inspection.js';
import { ConfigError } from '../../src/kernel/errors.js';
import { GOLDEN_TOKEN, GOLDEN_URL, encodeForTest } from '../fixtures/golden-token.js';

const FIVE_MIN_LATER = new Date('2025-01-02T03:09:05Z');

describe(inspectToken.name, () => {
  it('decodes the golden token', () => {
    expect(encodeForTest(GOLDEN_URL)).toBe(GOLDEN_TOKEN);
    const t = inspectToken(GOLDEN_TOKEN, FIVE_MIN_LATER);
    expect(t).toEqual({
      length: 481,
      stsHost: 'sts.eu-west-1.amazonaws.com',
      stsScheme: 'https',
      hostRegion: 'eu-west-1',
      signingRegion: 'eu-west-1',
      accessKeyId: '*******MPLE',
      sessionToken: false,
      clusterIdSigned: true,
      signedAt: '2025-01-02T03:04:05Z',
      validUntil: '2025-01-02T03:19:05Z',
      ageSeconds: 300,
      remainingSeconds: 600,
      expired: false,
      presignExpiresSeconds: 60,
    });
  });

  it('accepts the ExecCredential JSON that `eks-login token` prints', () => {
    const doc = JSON.stringify({ kind: 'ExecCredential', status: { token: GOLDEN_TOKEN } });
    expect(inspectToken(`${doc}\n`, FIVE_MIN_LATER).stsHost).toBe('sts.eu-west-1.amazonaws.com');
  });

  it('sees a session token, the global host and expiry', () => {
    const url = GOLDEN_URL.replace('sts.eu-west-1.', 'sts.')
      .replace('%2Feu-west-1%2F', '%2Fus-east-1%2F')
      .replace('&X-Amz-Signature', '&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLE%2B%2F%3D&X-Amz-Signature');
    const t = inspectToken(encodeForTest(url), new Date('2025-01-02T03:24:05Z'));
    expect(t).toMatchObject({
      hostRegion: 'global',
      signingRegion: 'us-east-1',
      sessionToken: true,
      expired: true,
      remainingSeconds: -300,
    });
    const text = renderInspection(t);
    expect(text).toContain('global endpoint');
    expect(text).toContain('expired 5m 0s ago');
    expect(text).not.toContain('IQoJ');
  });

  it('renders short aligned text without the signature or the key', () => {
    const text = renderInspection(inspectToken(GOLDEN_TOKEN, FIVE_MIN_LATER));
    expect(text).toContain('  STS host       sts.eu-west-1.amazonaws.com');
    expect(text).toContain('  access key id  *******MPLE');
    expect(text).toContain('signed at      2025-01-02T03:04:05Z (5m 0s ago)');
    expect(text).toContain('valid until    2025-01-02T03:19:05Z (10m 0s left)');
    expect(text).toContain('x-k8s-aws-id');
    expect(text).not.toMatch(/AKIDEXAMPLE|1d6916ee/);
  });

  it('flags a token signed in the future and a host/scope mismatch', () => {
    const url = GOLDEN_URL.replace('sts.eu-west-1.', 'sts.eu-central-1.');
    const text = renderInspection(inspectToken(encodeForTest(url), new Date('2025-01-02T03:00:00Z')));
    expect(text).toContain('in the future');
    expect(text).toContain('eu-central-1 host, but signed for eu-west-1');
  });

  it('an http STS URL (an emulator) decodes, with a warning that a real cluster only accepts https', () => {
    const t = inspectToken(
      encodeForTest(GOLDEN_URL.replace('https://sts.eu-west-1.amazonaws.com', 'http://localhost:4566')),
      FIVE_MIN_LATER,
    );
    expect(t).toMatchObject({ stsScheme: 'http', stsHost: 'localhost:4566' });
    expect(renderInspection(t)).toContain(
      'localhost:4566 (http: accepted by emulators only; a real EKS cluster only accepts https STS hosts)',
    );
  });

  const cases: Array<[string, string, RegExp]> = [
    ['no prefix', GOLDEN_TOKEN.replace('k8s-aws-v1.', 'k8s-aws-v2.'), /does not start with "k8s-aws-v1\."/],
    ['padding', `${GOLDEN_TOKEN}==`, /padding/],
    ['not base64url', `${GOLDEN_TOKEN}+/`, /not base64url/],
    ['ftp', encodeForTest(GOLDEN_URL.replace('https:', 'ftp:')), /scheme is "ftp"/],
    ['path', encodeForTest(GOLDEN_URL.replace('.com/?', '.com/x?')), /path is "\/x"/],
    ['action', encodeForTest(GOLDEN_URL.replace('GetCallerIdentity', 'AssumeRole')), /Action is "AssumeRole"/],
    ['header', encodeForTest(GOLDEN_URL.replace('host%3Bx-k8s-aws-id', 'host')), /x-k8s-aws-id/],
    ['date', encodeForTest(GOLDEN_URL.replace('20250102T030405Z', '20251302T030405Z')), /X-Amz-Date/],
    ['expires', encodeForTest(GOLDEN_URL.replace('X-Amz-Expires=60', 'X-Amz-Expires=901')), /X-Amz-Expires "901"/],
    ['duplicate', encodeForTest(`${GOLDEN_URL}&action=GetCallerIdentity`), /appears twice/],
    ['unknown param', encodeForTest(`${GOLDEN_URL}&foo=1`), /unexpected query parameter "foo"/],
    ['json without token', '{"status":{}}', /no status\.token/],
    ['empty', '  ', /no token given/],
  ];
  it.each(cases)('rejects %s with exit 3 and what is wrong', (_name, token, why) => {
    let error: unknown;
    try {
      inspectToken(token, FIVE_MIN_LATER);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(3);
    expect((error as ConfigError).message).toMatch(/^token is malformed: /);
    expect((error as ConfigError).message).toMatch(why);
  });
});
