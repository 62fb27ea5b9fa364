// Listing for `logout`: the token cache files (what each was minted for) and the bundles with a setup
// record. Reading only; deletion of a token file is a plain unlink.
import { readdir, readFile, rm } from 'node:fs/promises';
import { describeTokenCacheKey } from '../core/token/cache-entry.js';
import type { CachedTokenFile } from '../core/session/logout.js';
import type { SetupRecord } from '../core/record/setup-record.js';
import { readSetupRecord } from './setup-record-file.js';

async function names(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

export async function listTokenCacheFiles(cacheDir: string): Promise<CachedTokenFile[]> {
  const files = (await names(cacheDir)).filter((n) => /^token-[0-9a-f]+\.json$/.test(n));
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

/** Every setup record in the directory (unreadable ones are skipped by name, never fatal here). */
export async function listSetupRecords(setupsDir: string): Promise<SetupRecord[]> {
  const bundles = (await names(setupsDir)).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length));
  const records: SetupRecord[] = [];
  for (const bundle of bundles.sort()) {
    try {
      const record = readSetupRecord(setupsDir, bundle);
      if (record) records.push(record);
    } catch {
      // not a record (or a name setup would not write): ignore
    }
  }
  return records;
}
