// The token cache on disk: one 0600 file per cache key in a 0700 directory, written atomically
// (temp file + rename). Reading is paranoid and never fatal: anything odd is a miss. Only node:fs and
// node:crypto, because the warm path (src/fast) loads this file on every kubectl call.
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { parseCacheEntry, serializeCacheEntry, type CachedToken } from '../core/token/cache-entry.js';
import { writePrivateFile } from './private-file.js';

/** The file of a key: `token-<sha256(key) prefix>.json` (names carry nothing readable). */
export function tokenCacheFile(cacheDir: string, key: string): string {
  return `${cacheDir}/token-${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`;
}

/** Why a cache read missed, for --debug. */
export type CacheMiss = 'absent' | 'unsafe-dir' | 'unsafe-file' | 'corrupt';

export function readTokenCache(cacheDir: string, key: string): { entry?: CachedToken; miss?: CacheMiss } {
  const file = tokenCacheFile(cacheDir, key);
  try {
    if (!isPrivate(cacheDir, 'dir')) return { miss: 'unsafe-dir' };
    if (!isPrivate(file, 'file')) return { miss: 'unsafe-file' };
    const entry = parseCacheEntry(readFileSync(file, 'utf8'), key);
    return entry ? { entry } : { miss: 'corrupt' };
  } catch {
    return { miss: 'absent' };
  }
}

/** Writes atomically (0600); throws (the caller warns) when the directory is not ours or the write fails. */
export async function writeTokenCache(cacheDir: string, key: string, entry: CachedToken): Promise<void> {
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const dir = lstatSync(cacheDir);
  if (!dir.isDirectory() || !ownedByMe(dir.uid)) throw new Error(`${cacheDir} is not a directory owned by this user`);
  if ((dir.mode & 0o077) !== 0) chmodSync(cacheDir, 0o700);
  await writePrivateFile(tokenCacheFile(cacheDir, key), serializeCacheEntry(key, entry));
}

function isPrivate(path: string, kind: 'dir' | 'file'): boolean {
  const stat = lstatSync(path);
  const rightKind = kind === 'dir' ? stat.isDirectory() : stat.isFile();
  return rightKind && ownedByMe(stat.uid) && (stat.mode & 0o077) === 0;
}

function ownedByMe(uid: number): boolean {
  return typeof process.getuid !== 'function' || process.getuid() === uid;
}
