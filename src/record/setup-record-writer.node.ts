// Writes the setup record `<setupsDir>/<bundle>.json` (0600, atomically): setup, sync, key rotate and
// logout --remove-contexts; and proves the directory writable before setup stores anything. Apart from
// setup-record-file.node.ts (the reader), which the warm path bundles.
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir, writePrivateFile } from '../infra/fs/private-file.js';
import { ConfigError } from '../kernel/errors.js';
import type { SetupRecord } from './setup-record.js';

/** Returns the file written. */
export async function writeSetupRecord(setupsDir: string, record: SetupRecord): Promise<string> {
  const file = join(setupsDir, `${record.bundle.name}.json`);
  await writePrivateFile(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

/** A probe file created and removed in the record directory (made 0700 if missing); ConfigError when it cannot be. */
export async function checkSetupRecordWritable(setupsDir: string, bundle: string, pid: number): Promise<void> {
  const probe = join(setupsDir, `.${bundle}.json.probe-${pid}.tmp`);
  try {
    await ensurePrivateDir(setupsDir);
    await (await open(probe, 'wx', 0o600)).close();
  } catch (error) {
    throw new ConfigError(`cannot write the setup record in ${setupsDir}: ${(error as Error).message}`, {
      code: 'SETUP_RECORD_UNWRITABLE',
      hint: `make ${setupsDir} writable, or point XDG_CONFIG_HOME at a writable directory`,
      cause: error,
    });
  } finally {
    await unlink(probe).catch(() => undefined);
  }
}
