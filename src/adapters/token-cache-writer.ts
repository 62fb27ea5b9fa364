// Writing the token cache: 0700 directory (tightened when ours), 0600 file, atomic temp + rename.
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { serializeCacheEntry, type CachedToken } from '../core/token/cache-entry.js';
import { writePrivateFile } from './private-file.js';
import { ownedByMe, tokenCacheFile } from './token-cache.js';

/** Throws (the caller warns) when the directory is not ours or the write fails. */
export async function writeTokenCache(cacheDir: string, key: string, entry: CachedToken): Promise<void> {
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const dir = statSync(cacheDir);
  if (!dir.isDirectory() || !ownedByMe(dir.uid)) throw new Error(`${cacheDir} is not a directory owned by this user`);
  if ((dir.mode & 0o077) !== 0) chmodSync(cacheDir, 0o700);
  await writePrivateFile(tokenCacheFile(cacheDir, key), serializeCacheEntry(key, entry));
}
