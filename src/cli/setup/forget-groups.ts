// After `logout --context C --remove-contexts`: the setup record no longer lists the removed group (and
// its contexts), so a later setup or sync does not bring it back.
import { join } from 'node:path';
import { readSetupRecord } from '../../adapters/setup-record-file.js';
import { writePrivateFile } from '../../adapters/private-file.js';
import { contextsOf, type SessionTarget } from '../../core/session/targets.js';

/** One line per record changed. */
export async function forgetGroups(setupsDir: string, targets: readonly SessionTarget[]): Promise<string[]> {
  const lines: string[] = [];
  for (const bundle of new Set(targets.map((t) => t.record.bundle.name))) {
    const record = readSetupRecord(setupsDir, bundle);
    if (!record) continue;
    const leaving = targets.filter((t) => t.record.bundle.name === bundle);
    const names = new Set(leaving.map((t) => t.group.name));
    const contexts = new Set(leaving.flatMap((t) => contextsOf({ ...t, record })));
    const groups = record.groups.filter((g) => !names.has(g));
    if (groups.length === record.groups.length) continue;
    const next = { ...record, group: groups[0] ?? record.group, groups, contexts: record.contexts.filter((c) => !contexts.has(c)) };
    await writePrivateFile(join(setupsDir, `${bundle}.json`), `${JSON.stringify(next, null, 2)}\n`);
    lines.push(`setup record of bundle ${bundle}: group ${[...names].join(', ')} removed${groups.length ? ` (still set up: ${groups.join(', ')})` : ' (no group left; the stored key stays until logout --forget-keys)'}`);
  }
  return lines;
}
