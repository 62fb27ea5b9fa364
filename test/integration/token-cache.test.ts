// The token cache on a real temp directory: reuse, expiry, corrupt/foreign/unsafe files, permissions,
// write failures — through the getToken use case with an injected clock.
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  symlinkSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { smithyPresigner } from '../../src/token/sigv4-presigner.node.js';
import { readTokenCache, tokenCacheFile } from '../../src/token/cache/token-cache.node.js';
import { writeTokenCache } from '../../src/token/cache/token-cache-writer.node.js';
import { credentialsFromEnv } from '../../src/credentials/env-credentials.js';
import { tokenSigningTime } from '../../src/token/expiry.js';
import { getToken, type GetTokenDeps } from '../../src/token/get-token.js';
import { planTokenRequest, type TokenFlags } from '../../src/token/token-request.js';
import type { SetupRecord } from '../../src/record/setup-record.js';
import type { Env } from '../../src/kernel/ports.js';
import { sampleBundle } from '../support/bundles.js';
import { FakeStsGateway, FixedClock, MemoryLogger, memoryCredentials } from '../support/fakes.js';

const env: Env = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const flags: TokenFlags = { cluster: 'demo', region: 'eu-west-1' };

let dir: string;
let cacheDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eks-login-cache-'));
  cacheDir = join(dir, 'eks-login');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function deps(clock: FixedClock, overrides: Partial<GetTokenDeps> = {}): GetTokenDeps & { logger: MemoryLogger } {
  const logger = new MemoryLogger();
  return {
    ...memoryCredentials(clock, logger),
    env,
    sources: {
      env: async () => credentialsFromEnv(overrides.env ?? env),
      profile: async () => Promise.reject(new Error('no profile in this test')),
    },
    stsGateway: async () => stsKnowing(clock),
    presigner: async () => smithyPresigner,
    cache: {
      read: (key) => readTokenCache(cacheDir, key).entry,
      write: (key, entry) => writeTokenCache(cacheDir, key, entry),
    },
    ...overrides,
  } as GetTokenDeps & { logger: MemoryLogger };
}

/** STS that knows the environment key as IAM user developer-mike (role sessions are named after it). */
function stsKnowing(clock: FixedClock): FakeStsGateway {
  const sts = new FakeStsGateway(clock);
  sts.identities.set('AKIDEXAMPLE', {
    arn: 'arn:aws:iam::123456789012:user/developer-mike',
    account: '123456789012',
    userId: 'AIDAEXAMPLE',
  });
  return sts;
}

const plan = (f: TokenFlags = flags, e: Env = env) =>
  planTokenRequest({ flags: f, env: e, profileRegion: () => undefined });

describe('token cache', () => {
  it('mints once, then reuses the cached token while ≥ 2 min remain; 0700 dir, 0600 file', async () => {
    const clock = new FixedClock('2025-01-02T03:04:05Z');
    const first = await getToken(await plan(), deps(clock));
    expect(first.fromCache).toBe(false);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(statSync(join(cacheDir, files[0]!)).mode & 0o777).toBe(0o600);
    clock.advance(12 * 60_000);
    const second = await getToken(await plan(), deps(clock));
    expect(second).toMatchObject({ fromCache: true, token: first.token });
    expect(second.execCredential).toBe(first.execCredential);
  });

  it('stores the minted token X-Amz-Date beside it (amzDate), equal to what decoding the token gives', async () => {
    const clock = new FixedClock('2025-01-02T03:04:05.678Z');
    const first = await getToken(await plan(), deps(clock));
    const [file] = readdirSync(cacheDir);
    const stored = JSON.parse(readFileSync(join(cacheDir, file!), 'utf8')) as { amzDate: string };
    expect(stored.amzDate).toBe('20250102T030405Z');
    expect(readTokenCache(cacheDir, (await plan()).cacheKey).entry?.signedAt).toEqual(tokenSigningTime(first.token));
  });

  it('mints anew when less than 2 min remain, and with --no-cache', async () => {
    const clock = new FixedClock('2025-01-02T03:04:05Z');
    const first = await getToken(await plan(), deps(clock));
    clock.advance(12 * 60_000 + 1000);
    const renewed = await getToken(await plan(), deps(clock));
    expect(renewed.fromCache).toBe(false);
    expect(renewed.token).not.toBe(first.token);
    const bypass = await getToken(await plan({ ...flags, noCache: true }), deps(clock));
    expect(bypass.fromCache).toBe(false);
  });

  it('keys by cluster id, region, STS host, role and source identity', async () => {
    const clock = new FixedClock('2025-01-02T03:04:05Z');
    await getToken(await plan(), deps(clock));
    const variants: Array<[TokenFlags, Env]> = [
      [{ ...flags, clusterId: 'other' }, env],
      [{ ...flags, region: 'eu-west-2' }, env],
      [flags, { ...env, AWS_ENDPOINT_URL_STS: 'https://127.0.0.1:9443' }],
      [{ ...flags, roleArn: 'arn:aws:iam::123456789012:role/dev' }, env],
      [flags, { ...env, AWS_ACCESS_KEY_ID: 'AKIDOTHER' }],
    ];
    for (const [f, e] of variants) {
      const result = await getToken(await plan(f, e), deps(clock, { env: e }));
      expect(result.fromCache).toBe(false);
    }
    expect(readdirSync(cacheDir)).toHaveLength(1 + variants.length);
  });

  it("keys by the group's external id: groups sharing a role ARN do not share tokens", async () => {
    const roleArn = 'arn:aws:iam::123456789012:role/shared';
    const bundle = sampleBundle({
      groups: [
        { name: 'partner-a', roleArn, externalId: 'partner-a-id' },
        { name: 'partner-b', roleArn, externalId: 'partner-b-id' },
        { name: 'plain', roleArn },
      ],
    });
    const record = {
      version: 1,
      bundle,
      group: 'partner-a',
      groups: ['partner-a'],
      source: { kind: 'profile', profile: 'corp' },
      kubeconfigPath: '',
      contexts: [],
      setupAt: '',
    } as SetupRecord;
    const keyOf = async (group: string) =>
      (
        await planTokenRequest({
          flags: { ...flags, roleArn, bundle: 'acme', group },
          env,
          record,
          profileRegion: () => undefined,
        })
      ).cacheKey;
    const keys = await Promise.all(['partner-a', 'partner-b', 'plain'].map(keyOf));
    expect(new Set(keys).size).toBe(3);
    expect(await keyOf('partner-a')).toBe(keys[0]);
    expect(readTokenCache(cacheDir, keys[0]!)).toEqual({ miss: 'absent' });
  });

  it.each([
    ['corrupt', (file: string) => writeFileSync(file, '{"key":', { mode: 0o600 })],
    ['truncated', (file: string) => writeFileSync(file, '', { mode: 0o600 })],
    ['group-readable', (file: string) => chmodSync(file, 0o640)],
    ['world-readable', (file: string) => chmodSync(file, 0o604)],
  ])('a %s cache file is ignored and replaced, never fatal', async (_kind, damage) => {
    const clock = new FixedClock('2025-01-02T03:04:05Z');
    const request = await plan();
    const first = await getToken(request, deps(clock));
    const file = tokenCacheFile(cacheDir, request.cacheKey);
    damage(file);
    clock.advance(60_000);
    const again = await getToken(request, deps(clock));
    expect(again.fromCache).toBe(false);
    expect(again.token).not.toBe(first.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readTokenCache(cacheDir, request.cacheKey).entry?.token).toBe(again.token);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'a cache file owned by another user is ignored and replaced (needs root to chown)',
    async () => {
      const clock = new FixedClock('2025-01-02T03:04:05Z');
      const request = await plan();
      await getToken(request, deps(clock));
      const file = tokenCacheFile(cacheDir, request.cacheKey);
      chownSync(file, 65534, 65534);
      expect(readTokenCache(cacheDir, request.cacheKey)).toEqual({ miss: 'unsafe-file' });
      expect((await getToken(request, deps(clock))).fromCache).toBe(false);
      expect(statSync(file).uid).toBe(0);
    },
  );

  it('ignores a file written for another key (hash collision or foreign content)', async () => {
    const clock = new FixedClock('2025-01-02T03:04:05Z');
    const request = await plan();
    mkdirSync(cacheDir, { mode: 0o700 });
    writeFileSync(
      tokenCacheFile(cacheDir, request.cacheKey),
      JSON.stringify({ key: 'other', token: 'k8s-aws-v1.x', expirationTimestamp: '2099-01-01T00:00:00Z' }),
      { mode: 0o600 },
    );
    expect(readTokenCache(cacheDir, request.cacheKey)).toEqual({ miss: 'corrupt' });
    expect((await getToken(request, deps(clock))).fromCache).toBe(false);
  });

  it('ignores a group-accessible cache directory and tightens it on write', async () => {
    const clock = new FixedClock('2025-01-02T03:04:05Z');
    const request = await plan();
    await getToken(request, deps(clock));
    chmodSync(cacheDir, 0o750);
    expect(readTokenCache(cacheDir, request.cacheKey)).toEqual({ miss: 'unsafe-dir' });
    expect((await getToken(request, deps(clock))).fromCache).toBe(false);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
  });

  it('a cache directory that is a symlink to a private directory of ours is used; a symlinked file is not', async () => {
    const clock = new FixedClock('2025-01-02T03:04:05Z');
    const real = join(dir, 'real-cache');
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, cacheDir);
    const request = await plan();
    const first = await getToken(request, deps(clock));
    clock.advance(60_000);
    expect(await getToken(request, deps(clock))).toMatchObject({ fromCache: true, token: first.token });
    const file = tokenCacheFile(cacheDir, request.cacheKey);
    renameSync(file, join(dir, 'elsewhere.json'));
    symlinkSync(join(dir, 'elsewhere.json'), file);
    expect(readTokenCache(cacheDir, request.cacheKey)).toEqual({ miss: 'unsafe-file' });
  });

  it('a failed cache write is a warning, and the token is still returned', async () => {
    const clock = new FixedClock('2025-01-02T03:04:05Z');
    writeFileSync(cacheDir, 'a file where the directory should be');
    const d = deps(clock);
    const result = await getToken(await plan(), d);
    expect(result.token).toMatch(/^k8s-aws-v1\./);
    expect(d.logger.warnings.join('\n')).toMatch(/could not write the token cache/);
  });

  it('with --role-arn: assumes the role at the resolved STS endpoint and signs with the role credentials', async () => {
    const clock = new FixedClock('2025-01-02T03:55:00Z');
    const sts = stsKnowing(clock);
    const e = { ...env, AWS_ENDPOINT_URL_STS: 'https://127.0.0.1:9443' };
    const request = await plan({ ...flags, roleArn: 'arn:aws:iam::123456789012:role/dev' }, e);
    const result = await getToken(request, deps(clock, { env: e, stsGateway: async () => sts }));
    expect(sts.calls).toEqual([
      'GetCallerIdentity AKIDEXAMPLE https://127.0.0.1:9443/',
      'AssumeRole AKIDEXAMPLE arn:aws:iam::123456789012:role/dev https://127.0.0.1:9443/',
    ]);
    expect(sts.assumeRoleRequests[0]).toMatchObject({ durationSeconds: 3600, roleSessionName: 'developer-mike' });
    expect(JSON.parse(result.execCredential).status.expirationTimestamp).toBe('2025-01-02T04:09:00Z');
    const url = atob(result.token.slice('k8s-aws-v1.'.length).replace(/-/g, '+').replace(/_/g, '/'));
    expect(url).toMatch(
      /^https:\/\/127\.0\.0\.1:9443\/\?.*X-Amz-Credential=ASIAFAKE0+1%2F20250102%2Feu-west-1%2F.*X-Amz-Security-Token=token-1&/,
    );
  });

  it('caps the expiry at the signing credentials expiry minus 60 s', async () => {
    const clock = new FixedClock('2025-01-02T03:55:00Z');
    const e = { ...env, AWS_SESSION_TOKEN: 'tok', AWS_CREDENTIAL_EXPIRATION: '2025-01-02T04:04:05Z' };
    const result = await getToken(await plan(flags, e), deps(clock, { env: e }));
    expect(JSON.parse(result.execCredential).status.expirationTimestamp).toBe('2025-01-02T04:03:05Z');
  });

  it("a cache read the caller already made (the warm path's miss) is not made again", async () => {
    const clock = new FixedClock('2025-01-02T03:04:05Z');
    let reads = 0;
    const counting = (c: FixedClock) =>
      deps(c, {
        cache: {
          read: (key) => (reads++, readTokenCache(cacheDir, key).entry),
          write: (key, entry) => writeTokenCache(cacheDir, key, entry),
        },
      });
    const request = await plan();
    const minted = await getToken(request, counting(clock), readTokenCache(cacheDir, request.cacheKey));
    expect(minted.fromCache).toBe(false);
    expect(reads).toBe(0);
    // A stale entry handed in is re-minted without a second read; a fresh one is served as a hit.
    clock.advance(13 * 60_000);
    const renewed = await getToken(request, counting(clock), readTokenCache(cacheDir, request.cacheKey));
    expect(renewed).toMatchObject({ fromCache: false });
    expect(renewed.token).not.toBe(minted.token);
    const hit = await getToken(request, counting(clock), readTokenCache(cacheDir, request.cacheKey));
    expect(hit).toMatchObject({ fromCache: true, token: renewed.token });
    expect(reads).toBe(0);
    expect(await getToken(request, counting(clock))).toMatchObject({ fromCache: true });
    expect(reads).toBe(1);
  });
});
