// Reading the token cache: one 0600 file per cache key in a 0700 directory. Paranoid and never fatal:
// anything odd is a miss. Only node:fs, because the warm path (src/token-lane) loads this on every kubectl call;
// the writer lives in token-cache-writer.ts.
import { readFileSync } from 'node:fs';
import { isPrivate, type CacheFileRules } from '../../infra/fs/private-path.js';
import { parseCacheEntry, tokenCacheFileName, type CachedToken } from './cache-entry.js';

export { ownedByMe, type CacheFileRules } from '../../infra/fs/private-path.js';

/** The file of a key inside the cache directory. */
export function tokenCacheFile(cacheDir: string, key: string): string {
  return `${cacheDir}/${tokenCacheFileName(key)}`; // Node on Windows takes '/' as well
}

/** Why a cache read missed, for --debug. */
export type CacheMiss = 'absent' | 'unsafe-dir' | 'unsafe-file' | 'corrupt';

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
