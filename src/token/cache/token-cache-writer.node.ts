// Writing the token cache: 0700 directory (tightened when ours), 0600 file, atomic temp + rename; temp
// files a killed writer left in the directory are removed first.
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { serializeCacheEntry, type CachedToken } from './cache-entry.js';
import { scrubOrphanTemps } from '../../infra/fs/atomic-file.js';
import { writePrivateFile } from '../../infra/fs/private-file.js';
import { ownedByMe, tokenCacheFile, type CacheFileRules } from './token-cache.node.js';

/** Throws (the caller warns) when the directory is not ours or the write fails; the message names the directory. */
export async function writeTokenCache(
  cacheDir: string,
  key: string,
  entry: CachedToken,
  rules: CacheFileRules = { posixModes: true },
): Promise<void> {
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    const dir = statSync(cacheDir);
    if (!dir.isDirectory() || !ownedByMe(dir.uid)) throw new Error('it is not a directory owned by this user');
    if (rules.posixModes && (dir.mode & 0o077) !== 0) chmodSync(cacheDir, 0o700);
    await scrubOrphanTemps(cacheDir, { legacy: true });
    await writePrivateFile(tokenCacheFile(cacheDir, key), serializeCacheEntry(key, entry));
  } catch (error) {
    throw new Error(`${cacheDir}: ${(error as Error).message}`, { cause: error });
  }
}
