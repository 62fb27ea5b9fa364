// After `logout --context C --remove-contexts`: each touched setup record rewritten without the groups that
// left (session/forget-groups.ts decides what changes).
import { readSetupRecord } from '../record/setup-record-file.node.js';
import { recordWithoutGroups } from './forget-groups.js';
import type { SessionTarget } from './targets.js';
import type { SetupRecord } from '../record/setup-record.js';

/** One line per record changed. */
export async function forgetGroups(
  setupsDir: string,
  targets: readonly SessionTarget[],
  writeRecord: (record: SetupRecord) => Promise<string>,
): Promise<string[]> {
  const lines: string[] = [];
  for (const bundle of new Set(targets.map((t) => t.record.bundle.name))) {
    const record = readSetupRecord(setupsDir, bundle);
    const changed = record ? recordWithoutGroups(record, targets) : undefined;
    if (!changed) continue;
    await writeRecord(changed.record);
    lines.push(changed.line);
  }
  return lines;
}
