// logout --remove-contexts, the pure parts: the setup record without the groups that left, and the lines said.
import { describe, expect, it } from 'vitest';
import { recordWithoutGroups } from '../../../src/session/forget-groups.js';
import { renderRemovedContexts } from '../../../src/session/render-removed-contexts.js';
import { targetsOfRecord } from '../../../src/session/targets.js';
import type { SetupRecord } from '../../../src/record/setup-record.js';
import { sampleBundle } from '../../support/bundles.js';

const record = {
  version: 1,
  bundle: sampleBundle(),
  group: 'developers',
  groups: ['developers', 'admins'],
  contexts: ['developers@demo', 'developers@prod', 'admins@prod'],
} as unknown as SetupRecord;

describe(recordWithoutGroups.name, () => {
  it('drops the leaving group and its contexts, keeps the others, and says what is still set up', () => {
    const admins = targetsOfRecord(record).filter((t) => t.group.name === 'admins');
    const changed = recordWithoutGroups(record, admins)!;
    expect(changed.record).toMatchObject({
      group: 'developers',
      groups: ['developers'],
      contexts: ['developers@demo', 'developers@prod'],
    });
    expect(changed.line).toBe('setup record of bundle acme: group admins removed (still set up: developers)');
  });

  it('the last group leaving says the stored key stays; a group not in the record changes nothing', () => {
    const all = recordWithoutGroups(record, targetsOfRecord(record))!;
    expect(all.record.groups).toEqual([]);
    expect(all.line).toContain('(no group left; the stored key stays until logout --forget-keys)');
    const other = { ...record, bundle: { ...record.bundle, name: 'beta' } } as SetupRecord;
    expect(recordWithoutGroups(other, targetsOfRecord(record))).toBeUndefined();
  });
});

describe(renderRemovedContexts.name, () => {
  it('one line per file, or that nothing of setup was found', () => {
    expect(renderRemovedContexts([])).toEqual(['kubeconfig: no contexts written by eks-login setup found']);
    expect(
      renderRemovedContexts([
        { path: '/k', removed: ['context a', 'user b'], clearedCurrentContext: true, backupPath: '/k.bak' } as never,
      ]),
    ).toEqual(['kubeconfig /k: removed context a, user b; current-context cleared (previous version in /k.bak)']);
  });
});
