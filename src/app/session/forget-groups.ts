// After `logout --context C --remove-contexts`: each touched setup record rewritten without the groups that
// left (core/session/forget-groups.ts decides what changes).
import { readSetupRecord } from '../../adapters/setup-record-file.js';
import { recordWithoutGroups } from '../../core/session/forget-groups.js';
import type { SessionTarget } from '../../core/session/targets.js';
import type { SetupRecord } from '../../core/record/setup-record.js';

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
