// Lists the setup records (`<setupsDir>/<bundle>.json`, written by `eks-login setup`): login and logout
// --all, sync, key rotate, setup's choice of another bundle's key, shell completion of bundle names.
import { readdir } from 'node:fs/promises';
import type { SetupRecord } from './setup-record.js';
import { readSetupRecord } from './setup-record-file.node.js';

/** Every setup record in the directory (unreadable ones are skipped by name, never fatal here). */
export async function listSetupRecords(setupsDir: string): Promise<SetupRecord[]> {
  const bundles = (await readdir(setupsDir).catch(() => []))
    .filter((n) => n.endsWith('.json'))
    .map((n) => n.slice(0, -'.json'.length));
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
