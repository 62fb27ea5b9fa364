// Writes the setup record `<setupsDir>/<bundle>.json` (0600, atomically): setup, sync, key rotate and
// logout --remove-contexts. Apart from setup-record-file.ts (the reader), which the warm path bundles.
import { join } from 'node:path';
import type { SetupRecord } from './setup-record.js';
import { writePrivateFile } from '../infra/fs/private-file.js';

/** Returns the file written. */
export async function writeSetupRecord(setupsDir: string, record: SetupRecord): Promise<string> {
  const file = join(setupsDir, `${record.bundle.name}.json`);
  await writePrivateFile(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}
