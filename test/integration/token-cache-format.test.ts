// The token cache format v2: file names hash the key's UTF-8 bytes with the one FNV-1a (kernel/hash.ts, as
// the role-session cache does); entries of format v1 (UTF-16 code units hashed) are never read as hits,
// wherever they lie, and logout still recognises them to remove them. Entries carry the token's signing time
// (amzDate), read instead of decoding the token on a hit.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTokenCache, tokenCacheFile } from '../../src/token/cache/token-cache.node.js';
import { writeTokenCache } from '../../src/token/cache/token-cache-writer.node.js';
import { listTokenCacheFiles } from '../../src/session/session-files.node.js';
import { fnv1a64 } from '../../src/kernel/hash.js';
import { tokenCacheFileName, tokenCacheKey } from '../../src/token/cache/cache-entry.js';
import { isCachedTokenUsable, tokenSigningTime } from '../../src/token/expiry.js';

/** FNV-1a 64 written out here over the given units (bytes or UTF-16 code units), independent of kernel/hash.ts. */
function fnvOver(units: Iterable<number>): string {
  let hash = 0xcbf29ce484222325n;
  for (const unit of units) hash = ((hash ^ BigInt(unit)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash.toString(16).padStart(16, '0');
}
const utf16Units = (text: string): number[] => Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));

const parts = {
  clusterId: 'demo',
  region: 'eu-west-1',
  stsUrl: 'https://sts.eu-west-1.amazonaws.com',
  sourceKey: 'profile:développeur-ü',
};
const key = tokenCacheKey(parts);
/** The same parts as eks-login wrote them before the bump. */
const v1Key = key.replace('"eks-login-token-cache-v2"', '"eks-login-token-cache-v1"');
const entry = { token: 'k8s-aws-v1.from-the-cache', expiration: new Date('2099-01-01T00:00:00Z') };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eks-login-cache-format-'));
  mkdirSync(join(dir, 'c'), { mode: 0o700 });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('token cache format v2', () => {
  it('a non-ASCII key is named by the FNV-1a of its UTF-8 bytes, the hash the role-session cache uses', () => {
    expect(key).toContain('"eks-login-token-cache-v2"');
    const utf8 = fnvOver(Buffer.from(key, 'utf8'));
    expect(fnv1a64(key)).toBe(utf8);
    expect(tokenCacheFileName(key)).toBe(`token-${utf8}.json`);
    expect(utf8).not.toBe(fnvOver(utf16Units(key))); // what v1 computed: another name for the same key
    expect(fnv1a64('')).toBe('cbf29ce484222325');
  });

  it('round-trips an entry under the v2 name', async () => {
    const cacheDir = join(dir, 'c');
    await writeTokenCache(cacheDir, key, entry);
    expect(tokenCacheFile(cacheDir, key)).toBe(join(cacheDir, `token-${fnvOver(Buffer.from(key, 'utf8'))}.json`));
    expect(readTokenCache(cacheDir, key)).toEqual({ entry });
  });

  it('an old-format file is a miss, never a hit: at its v1 name, and even at the v2 name', () => {
    const cacheDir = join(dir, 'c');
    const v1File = join(cacheDir, `token-${fnvOver(utf16Units(v1Key))}.json`);
    const v1Text = `${JSON.stringify({ key: v1Key, token: entry.token, expirationTimestamp: entry.expiration.toISOString() })}\n`;
    writeFileSync(v1File, v1Text, { mode: 0o600 });
    expect(readTokenCache(cacheDir, key)).toEqual({ miss: 'absent' });
    writeFileSync(tokenCacheFile(cacheDir, key), v1Text, { mode: 0o600 });
    expect(readTokenCache(cacheDir, key)).toEqual({ miss: 'corrupt' });
  });

  it('logout still recognises v1 files by cluster and role, so it removes them', async () => {
    const cacheDir = join(dir, 'c');
    const v1RoleKey = tokenCacheKey({ ...parts, roleArn: 'arn:aws:iam::123456789012:role/dev' }).replace(
      '-v2"',
      '-v1"',
    );
    writeFileSync(
      join(cacheDir, `token-${fnvOver(utf16Units(v1RoleKey))}.json`),
      JSON.stringify({ key: v1RoleKey, token: 'k8s-aws-v1.x', expirationTimestamp: '2099-01-01T00:00:00Z' }),
      { mode: 0o600 },
    );
    expect(await listTokenCacheFiles(cacheDir)).toEqual([
      expect.objectContaining({ clusterId: 'demo', roleArn: 'arn:aws:iam::123456789012:role/dev' }),
    ]);
  });
});

describe('the signing time stored beside the token (amzDate)', () => {
  const tokenSignedAt = (amzDate: string): string =>
    `k8s-aws-v1.${Buffer.from(`https://sts.amazonaws.com/?Action=GetCallerIdentity&X-Amz-Date=${amzDate}&X-Amz-Expires=60`).toString('base64url')}`;
  const now = new Date('2025-01-02T03:00:00Z');
  const expiration = new Date('2025-01-02T03:30:00Z');

  it('is written as the token X-Amz-Date and read back, so a hit need not decode the token', async () => {
    const cacheDir = join(dir, 'c');
    const signed = { token: tokenSignedAt('20250102T030000Z'), expiration, signedAt: new Date('2025-01-02T03:00:00Z') };
    await writeTokenCache(cacheDir, key, signed);
    expect(JSON.parse(readFileSync(tokenCacheFile(cacheDir, key), 'utf8'))).toMatchObject({
      amzDate: '20250102T030000Z',
    });
    expect(readTokenCache(cacheDir, key)).toEqual({ entry: signed });
    expect(tokenSigningTime(signed.token)).toEqual(signed.signedAt);
  });

  it('an entry without it (an older writer) or with an unreadable one decodes the token instead: same decision', () => {
    const cacheDir = join(dir, 'c');
    for (const extra of [{}, { amzDate: 'soon' }, { amzDate: 20250102 }]) {
      const text = JSON.stringify({
        key,
        token: tokenSignedAt('20250102T031600Z'),
        expirationTimestamp: expiration.toISOString(),
        ...extra,
      });
      writeFileSync(tokenCacheFile(cacheDir, key), text, { mode: 0o600 });
      const read = readTokenCache(cacheDir, key);
      expect(read.entry).toEqual({ token: tokenSignedAt('20250102T031600Z'), expiration });
      expect(isCachedTokenUsable(read.entry!, now)).toBe(false); // signed 16 min ahead: refused, as the token says
    }
  });

  it('refuses a token whose stored signing time is more than 5 min ahead, keeps one within the skew', () => {
    const token = tokenSignedAt('20250102T030000Z');
    expect(isCachedTokenUsable({ token, expiration, signedAt: new Date('2025-01-02T03:05:01Z') }, now)).toBe(false);
    expect(isCachedTokenUsable({ token, expiration, signedAt: new Date('2025-01-02T03:05:00Z') }, now)).toBe(true);
  });
});
