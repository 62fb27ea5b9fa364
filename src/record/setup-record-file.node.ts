// Reads the setup record `<setupsDir>/<bundle>.json` (written by `eks-login setup`). Only node:fs, so the
// warm path can use it.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../kernel/errors.js';
import { normalizeRecord, type SetupRecord } from './setup-record.js';

/** undefined when there is no record for the bundle; ConfigError when the file is not a record. */
export function readSetupRecord(setupsDir: string, bundle: string): SetupRecord | undefined {
  if (!/^[a-z0-9-]{1,63}$/.test(bundle)) {
    throw new ConfigError(`invalid bundle name "${bundle}": expected [a-z0-9-], 1 to 63 characters`, {
      hint: 'use the bundle name from the bundle file',
    });
  }
  const file = `${setupsDir}/${bundle}.json`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read setup record ${file}: ${(error as Error).message}`, {
      cause: error,
      hint: `run \`eks-login setup <bundle.json>\` again`,
    });
  }
  try {
    const record = JSON.parse(text) as SetupRecord;
    if (record.version !== 1 || !record.bundle || !record.source) throw new Error('not a version 1 setup record');
    return normalizeRecord(record);
  } catch (error) {
    throw new ConfigError(`invalid setup record ${file}: ${(error as Error).message}`, {
      cause: error,
      hint: `run \`eks-login setup <bundle.json>\` again`,
    });
  }
}
