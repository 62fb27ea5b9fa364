// The sandbox's own SigV4 and TOTP code against published vectors (aws-cli's golden token, RFC 6238).
import { describe, expect, it } from 'vitest';
import {
  EMPTY_SHA256,
  canonicalQuery,
  canonicalRequest,
  parseRawQuery,
  signatureOf,
} from '../../packages/sandbox/src/sigv4.js';
import { base32Decode, totp, verifyTotp } from '../../packages/sandbox/src/totp.js';

const URL_41 =
  'https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20250102%2Feu-west-1%2Fsts%2Faws4_request&X-Amz-Date=20250102T030405Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=1d6916ee6681e9e7fa14c92c2ba03f99bd9b548faea30ae66737fe76b3911ea1';

function signature41(clusterId: string): string {
  const url = new URL(URL_41);
  const canonical = canonicalRequest({
    method: 'GET',
    path: '/',
    query: canonicalQuery(parseRawQuery(url.search.slice(1)), ['X-Amz-Signature']),
    headers: new Map([
      ['host', [url.host]],
      ['x-k8s-aws-id', [clusterId]],
    ]),
    signedHeaders: ['host', 'x-k8s-aws-id'],
    payloadHash: EMPTY_SHA256,
  });
  return signatureOf(
    'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    '20250102T030405Z',
    { date: '20250102', region: 'eu-west-1', service: 'sts' },
    canonical,
  );
}

describe('sandbox SigV4', () => {
  it('reproduces the presigned signature of the golden token', () => {
    expect(signature41('demo')).toBe('1d6916ee6681e9e7fa14c92c2ba03f99bd9b548faea30ae66737fe76b3911ea1');
  });
  it('gives another signature for another cluster id (what makes a token cluster-bound)', () => {
    expect(signature41('other')).toMatch(/^9d567e34/);
  });
  it('rejects a bad percent-escape in the query', () => {
    expect(() => parseRawQuery('a=%zz')).toThrow();
  });
});

describe('sandbox TOTP', () => {
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32("12345678901234567890"), RFC 6238 appendix B
  it('decodes base32', () => {
    expect(base32Decode(secret).toString()).toBe('12345678901234567890');
  });
  it('matches the RFC 6238 SHA-1 vectors (last 6 digits)', () => {
    expect(totp(secret, new Date(59_000))).toBe('287082');
    expect(totp(secret, new Date(1_111_111_109_000))).toBe('081804');
    expect(totp(secret, new Date(2_000_000_000_000))).toBe('279037');
  });
  it('accepts one step of drift and nothing more', () => {
    const at = new Date(1_111_111_109_000);
    expect(verifyTotp(secret, totp(secret, at, -1), at)).toBe(true);
    expect(verifyTotp(secret, totp(secret, at, 2), at)).toBe(false);
    expect(verifyTotp(secret, 'abcdef', at)).toBe(false);
  });
});
