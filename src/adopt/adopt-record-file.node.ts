// adopt's record, <configDir>/adopted.json (0600 in a 0700 directory, written atomically): the original exec
// entries `eks-login adopt --undo` restores (adopt/record.ts holds the format).
import { join } from 'node:path';
import { EMPTY_ADOPT_RECORD, parseAdoptRecord, serializeAdoptRecord, type AdoptRecord } from './record.js';
import { ConfigError } from '../kernel/errors.js';
import { readTextIfExists, writePrivateFile } from '../infra/fs/private-file.js';

const adoptRecordFile = (configDir: string): string => join(configDir, 'adopted.json');

export async function readAdoptRecord(configDir: string): Promise<AdoptRecord> {
  const file = adoptRecordFile(configDir);
  const text = await readTextIfExists(file);
  if (text === null) return EMPTY_ADOPT_RECORD;
  const record = parseAdoptRecord(text);
  if (!record) {
    throw new ConfigError(`adopt's record ${file} is not valid`, {
      code: 'ADOPT_RECORD_INVALID',
      hint: `restore it from a backup, or move it away: adopt then starts a new record (the original exec entries it held are lost)`,
    });
  }
  return record;
}

export async function writeAdoptRecord(configDir: string, record: AdoptRecord): Promise<void> {
  await writePrivateFile(adoptRecordFile(configDir), serializeAdoptRecord(record));
}
