// After `logout --context C --remove-contexts`: the setup record without the groups that left (and their
// contexts), so a later setup or sync does not bring them back. Pure.
import type { SetupRecord } from '../record/setup-record.js';
import { contextsOf, type SessionTarget } from './targets.js';

/** The record without the targets' groups and the line that says so; undefined when none of them is in it. */
export function recordWithoutGroups(
  record: SetupRecord,
  targets: readonly SessionTarget[],
): { record: SetupRecord; line: string } | undefined {
  const bundle = record.bundle.name;
  const leaving = targets.filter((t) => t.record.bundle.name === bundle);
  const names = new Set(leaving.map((t) => t.group.name));
  const contexts = new Set(leaving.flatMap((t) => contextsOf({ ...t, record })));
  const groups = record.groups.filter((g) => !names.has(g));
  if (groups.length === record.groups.length) return undefined;
  return {
    record: {
      ...record,
      group: groups[0] ?? record.group,
      groups,
      contexts: record.contexts.filter((c) => !contexts.has(c)),
    },
    line: `setup record of bundle ${bundle}: group ${[...names].join(', ')} removed${groups.length ? ` (still set up: ${groups.join(', ')})` : ' (no group left; the stored key stays until logout --forget-keys)'}`,
  };
}
