// The one token parser: the verifier's format rules (docs/token.md, "What the token is"), each with the step it enforces, and the
// same verdicts for its users (token --decode, the sandbox's cluster, the cache's signing-time read).
import { describe, expect, it } from 'vitest';
import { parseAmzDate, parseToken } from '../../../src/token/parse-token.js';
import { tokenSigningTime } from '../../../src/token/expiry.js';
import { inspectToken } from '../../../src/diagnose/token-inspect/inspect-token.js';
import { checkTokenFormat } from '../../../packages/sandbox/src/eks/token-verifier.js';
import { GOLDEN_TOKEN, GOLDEN_URL, encodeForTest } from '../../fixtures/golden-token.js';

describe(parseToken.name, () => {
  it('reads the golden token', () => {
    const parsed = parseToken(GOLDEN_TOKEN);
    expect(parsed).toMatchObject({
      ok: true,
      accessKeyId: 'AKIDEXAMPLE',
      scope: { date: '20250102', region: 'eu-west-1' },
      signedHeaders: ['host', 'x-k8s-aws-id'],
      presignExpiresSeconds: 60,
      signedAt: new Date('2025-01-02T03:04:05Z'),
    });
    expect(parsed.ok && parsed.url.href).toBe(GOLDEN_URL);
    expect(parsed.ok && parsed.params.get('action')).toBe('GetCallerIdentity');
  });

  const variant = (from: string, to: string): string => encodeForTest(GOLDEN_URL.replace(from, to));
  const cases: Array<[string, string, number, RegExp]> = [
    ['too long', `k8s-aws-v1.${'A'.repeat(4100)}`, 1, /longer than 4096 bytes/],
    ['empty', '', 2, /no token given/],
    ['another prefix', GOLDEN_TOKEN.replace('k8s-aws-v1.', 'k8s-aws-v2.'), 2, /does not start with "k8s-aws-v1\."/],
    ['padding', `${GOLDEN_TOKEN}==`, 2, /padding/],
    ['standard base64', `${GOLDEN_TOKEN}+/`, 2, /not base64url/],
    ['truncated', `${GOLDEN_TOKEN}A`.slice(0, 11 + 5), 2, /impossible length/],
    ['not UTF-8', `k8s-aws-v1.${Buffer.from([0xff, 0xfe, 0xfd]).toString('base64url')}`, 2, /not UTF-8/],
    ['not a URL', encodeForTest('just text'), 3, /not a URL/],
    ['http', variant('https:', 'http:'), 3, /scheme is "http", not https/],
    ['path', variant('.com/?', '.com/x?'), 5, /path is "\/x"/],
    ['bad escape', `${encodeForTest(`${GOLDEN_URL}&version=%zz`)}`, 6, /bad %-escape/],
    ['unknown parameter', encodeForTest(`${GOLDEN_URL}&foo=1`), 6, /unexpected query parameter "foo"/],
    ['repeated parameter', encodeForTest(`${GOLDEN_URL}&action=GetCallerIdentity`), 6, /appears twice/],
    ['no action', variant('Action=GetCallerIdentity&', ''), 6, /Action is missing/],
    ['another action', variant('GetCallerIdentity', 'AssumeRole'), 7, /Action is "AssumeRole", not GetCallerIdentity/],
    ['cluster id not signed', variant('host%3Bx-k8s-aws-id', 'host'), 8, /x-k8s-aws-id is not in X-Amz-SignedHeaders/],
    ['expires 901', variant('X-Amz-Expires=60', 'X-Amz-Expires=901'), 9, /X-Amz-Expires "901"/],
    ['expires not an integer', variant('X-Amz-Expires=60', 'X-Amz-Expires=6e1'), 9, /X-Amz-Expires "6e1"/],
    ['month 13', variant('20250102T030405Z', '20251302T030405Z'), 10, /X-Amz-Date "20251302T030405Z"/],
  ];
  it.each(cases)('rejects %s', (_name, token, rule, reason) => {
    const parsed = parseToken(token);
    expect(parsed).toMatchObject({ ok: false, rule });
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });

  it('accepts an http STS URL only when asked (emulators), and a credential without a SigV4 scope has none', () => {
    expect(parseToken(variant('https:', 'http:'), { allowHttp: true })).toMatchObject({ ok: true });
    const bare = parseToken(variant('AKIDEXAMPLE%2F20250102%2Feu-west-1%2Fsts%2Faws4_request', 'AKIDEXAMPLE'));
    expect(bare).toMatchObject({ ok: true, accessKeyId: 'AKIDEXAMPLE' });
    expect('scope' in bare).toBe(false);
  });

  it('parseAmzDate reads real UTC times only', () => {
    expect(parseAmzDate('20250102T030405Z')).toEqual(new Date('2025-01-02T03:04:05Z'));
    for (const bad of ['20250230T000000Z', '20250102T240000Z', '2025-01-02T03:04:05Z', undefined])
      expect(parseAmzDate(bad)).toBeUndefined();
  });

  it('its users agree: a malformed token is refused by token --decode and the sandbox cluster with the same reason, and has no signing time', () => {
    const opts = {
      clusterId: 'demo',
      stsHost: 'sts.eu-west-1.amazonaws.com',
      caPem: '',
      now: () => new Date('2025-01-02T03:05:00Z'),
    };
    expect(checkTokenFormat(GOLDEN_TOKEN, opts).accessKeyId).toBe('AKIDEXAMPLE');
    expect(tokenSigningTime(GOLDEN_TOKEN)).toEqual(new Date('2025-01-02T03:04:05Z'));
    for (const [name, token, , reason] of cases) {
      if (name !== 'http') expect(() => inspectToken(token || ' ', opts.now())).toThrow(reason); // --decode explains emulator tokens too
      if (token) expect(() => checkTokenFormat(token, opts)).toThrow(reason);
    }
    expect(tokenSigningTime(`${GOLDEN_TOKEN}==`)).toBeUndefined();
  });
});
