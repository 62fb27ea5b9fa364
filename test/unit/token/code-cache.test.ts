// The warm path's code cache file (token-lane/code-cache-format.ts, token-lane/code-cache.ts): a payload is offered to V8
// only when the file is whole, made for this source, ours alone, and its two copies agree; anything else is a
// plain compile with the same result.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheFile, payloadOf } from '../../../src/token-lane/code-cache-format.js';
import { loadWithCodeCache, readCodeCache } from '../../../src/token-lane/code-cache.js';

const stamp = { size: 1234, mtimeMs: 1765150000123.456 };
const payload = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff));

describe('the code cache file format', () => {
  it('round-trips a payload for the source it was made for', () => {
    expect(Buffer.from(payloadOf(codeCacheFile(payload, stamp), stamp)!)).toEqual(payload);
  });

  it.each([
    ['a flipped byte in the first copy', (file: Buffer) => flip(file, 24 + 10, 1)],
    ['a flipped byte in the second copy', (file: Buffer) => flip(file, 24 + 300 + 299, 0x80)],
    ['a flipped byte in the magic', (file: Buffer) => flip(file, 0, 1)],
    ['another payload length', (file: Buffer) => flip(file, 12, 1)],
  ])('refuses %s', (_name, damage) => {
    const file = codeCacheFile(payload, stamp);
    damage(file);
    expect(payloadOf(file, stamp)).toBeUndefined();
  });

  it('refuses a truncated or padded file, an empty one, and one made for another source', () => {
    const file = codeCacheFile(payload, stamp);
    expect(payloadOf(file.subarray(0, file.length - 1), stamp)).toBeUndefined();
    expect(payloadOf(file.subarray(0, 24 + 300), stamp)).toBeUndefined();
    expect(payloadOf(Buffer.concat([file, Buffer.from([0])]), stamp)).toBeUndefined();
    expect(payloadOf(Buffer.alloc(0), stamp)).toBeUndefined();
    expect(payloadOf(codeCacheFile(Buffer.alloc(0), stamp), stamp)).toBeUndefined();
    expect(payloadOf(file, { ...stamp, size: stamp.size + 1 })).toBeUndefined();
    expect(payloadOf(file, { ...stamp, mtimeMs: stamp.mtimeMs + 1 })).toBeUndefined();
  });
});

describe('loading a bundle with the code cache', () => {
  let dir: string;
  let cacheDir: string;
  const script = join(tmpdir(), `eks-login-code-cache-${process.pid}.cjs`);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eks-login-code-cache-'));
    cacheDir = join(dir, 'cache');
    mkdirSync(cacheDir, { mode: 0o700 });
    writeFileSync(
      script,
      'exports.twice = (n) => 2 * n; exports.where = __filename; exports.fs = typeof require("node:fs").statSync;',
    );
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(script, { force: true });
  });
  const req = createRequire(import.meta.url);
  const load = (cacheFile: string) =>
    loadWithCodeCache<{ twice: (n: number) => number; where: string; fs: string }>(script, cacheFile, req)!;

  it('runs the bundle as CommonJS without a cache, and with the cache it made', () => {
    const cacheFile = join(cacheDir, 'code-1.bin');
    const first = load(cacheFile);
    expect(first).toMatchObject({ cache: 'absent', exports: { where: script, fs: 'function' } });
    expect(first.exports.twice(21)).toBe(42);
    writeFileSync(cacheFile, codeCacheFile(first.createCachedData(), first.stamp), { mode: 0o600 });
    const second = load(cacheFile);
    expect(second.cache).toBe('used');
    expect(second.exports.twice(4)).toBe(8);
  });

  it('does not offer a cache that is not ours alone, or damaged: a plain compile, same result', () => {
    const cacheFile = join(cacheDir, 'code-1.bin');
    const made = load(cacheFile);
    const bytes = codeCacheFile(made.createCachedData(), made.stamp);
    writeFileSync(cacheFile, bytes, { mode: 0o644 });
    chmodSync(cacheFile, 0o644);
    expect(readCodeCache(cacheFile, made.stamp)).toBeUndefined();
    chmodSync(cacheFile, 0o600);
    expect(readCodeCache(cacheFile, made.stamp)).toBeDefined();
    chmodSync(cacheDir, 0o755);
    expect(load(cacheFile).cache).toBe('absent'); // a directory others may enter: not offered
    chmodSync(cacheDir, 0o700);
    const damaged = Buffer.from(bytes);
    flip(damaged, damaged.length - 5, 0xff);
    writeFileSync(cacheFile, damaged);
    const loaded = load(cacheFile);
    expect(loaded.cache).toBe('absent');
    expect(loaded.exports.twice(5)).toBe(10);
  });

  it('without the cache directory (so without any token) it leaves the loading to the caller', () => {
    expect(loadWithCodeCache(script, join(dir, 'none', 'code-1.bin'), req)).toBeUndefined();
  });

  it('a sound file V8 refuses (made for another source of another length) is rejected, not fatal', () => {
    const cacheFile = join(cacheDir, 'code-1.bin');
    const made = load(cacheFile);
    writeFileSync(script, 'exports.twice = (n) => n + n; exports.where = "elsewhere"; exports.fs = "none";');
    // Not loaded before in this process: V8 would find it in its in-memory cache and never look at ours.
    const { size, mtimeMs } = statSync(script);
    writeFileSync(cacheFile, codeCacheFile(made.createCachedData(), { size, mtimeMs }), { mode: 0o600 });
    const loaded = load(cacheFile);
    expect(loaded.cache).toBe('rejected');
    expect(loaded.exports).toMatchObject({ where: 'elsewhere', fs: 'none' });
  });
});

function flip(bytes: Buffer, at: number, bits: number): void {
  bytes.writeUInt8(bytes.readUInt8(at) ^ bits, at);
}
