// Listing for `logout`: the token cache files (what each was minted for). Reading only; deletion of a
// token file is a plain unlink. The setup records are listed by record/setup-record-list.node.ts.
import { readdir, readFile, rm } from 'node:fs/promises';
import { describeTokenCacheKey, type CachedTokenFile } from '../token/cache/cache-entry.js';

export async function listTokenCacheFiles(cacheDir: string): Promise<CachedTokenFile[]> {
  const files = (await readdir(cacheDir).catch(() => [])).filter((n) => /^token-[0-9a-f]+\.json$/.test(n));
  return Promise.all(
    files.map(async (name) => {
      const file = `${cacheDir}/${name}`;
      try {
        const { key } = JSON.parse(await readFile(file, 'utf8')) as { key?: unknown };
        return { file, ...(typeof key === 'string' ? describeTokenCacheKey(key) : {}) };
      } catch {
        return { file };
      }
    }),
  );
}

export async function removeFile(file: string): Promise<void> {
  await rm(file, { force: true });
}
