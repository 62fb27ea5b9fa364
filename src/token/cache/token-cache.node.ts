// Reading the token cache: one 0600 file per cache key in a 0700 directory. Paranoid and never fatal:
// anything odd is a miss. Only node:fs, because the warm path (src/token-lane) loads this on every kubectl call;
// the writer lives in token-cache-writer.ts.
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { parseCacheEntry, tokenCacheFileName, type CachedToken } from './cache-entry.js';

/** The file of a key inside the cache directory. */
export function tokenCacheFile(cacheDir: string, key: string): string {
  return `${cacheDir}/${tokenCacheFileName(key)}`; // Node on Windows takes '/' as well
}

/** Why a cache read missed, for --debug. */
export type CacheMiss = 'absent' | 'unsafe-dir' | 'unsafe-file' | 'corrupt';

/** `posixModes` (kernel/platform.ts): false on Windows, which has no modes to check (the profile's ACL protects the files). */
export interface CacheFileRules {
  posixModes: boolean;
}

export function readTokenCache(
  cacheDir: string,
  key: string,
  rules: CacheFileRules = { posixModes: true },
): { entry?: CachedToken; miss?: CacheMiss } {
  const file = tokenCacheFile(cacheDir, key);
  try {
    if (!isPrivate(cacheDir, 'dir', rules)) return { miss: 'unsafe-dir' };
    if (!isPrivate(file, 'file', rules)) return { miss: 'unsafe-file' };
    const entry = parseCacheEntry(readFileSync(file, 'utf8'), key);
    return entry ? { entry } : { miss: 'corrupt' };
  } catch {
    return { miss: 'absent' };
  }
}

/** The directory may be a symlink to a private directory of ours; the file itself must not be a link. */
function isPrivate(path: string, kind: 'dir' | 'file', rules: CacheFileRules): boolean {
  const stat = kind === 'dir' ? statSync(path) : lstatSync(path);
  const rightKind = kind === 'dir' ? stat.isDirectory() : stat.isFile();
  return rightKind && ownedByMe(stat.uid) && (!rules.posixModes || (stat.mode & 0o077) === 0);
}

export function ownedByMe(uid: number): boolean {
  return typeof process.getuid !== 'function' || process.getuid() === uid;
}
