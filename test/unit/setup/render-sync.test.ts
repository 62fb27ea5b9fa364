// What sync says, the pure part: status line per bundle, groups gone, change lines, the dry run's diff on stdout.
import { describe, expect, it } from 'vitest';
import type { UpdateKubeconfigResult } from '../../../src/kubeconfig/update.js';
import { renderSync } from '../../../src/setup/render-sync.js';
import type { Write } from '../../../src/kernel/write.js';
import type { SyncedBundle } from '../../../src/setup/run-sync.js';

const kube = (over: Partial<UpdateKubeconfigResult> = {}): UpdateKubeconfigResult => ({
  path: '/home/dev/.kube/config',
  changes: [{ name: 'developers@demo', action: 'updated', reason: 'CA rotated' }],
  changed: true,
  before: 'a\n',
  after: 'b\n',
  orphanedContexts: [],
  ...over,
});
const bundle = (over: Partial<SyncedBundle> = {}): SyncedBundle => ({
  name: 'acme',
  source: '/srv/acme.json',
  kubeconfig: kube(),
  groupsGone: [],
  recordChanged: true,
  ...over,
});
const diff = (k: UpdateKubeconfigResult) => `DIFF ${k.path} ${k.before.trim()}→${k.after.trim()}\n`;
const text = (writes: Write[], to: Write['to']) =>
  writes
    .filter((w) => w.to === to)
    .map((w) => w.text)
    .join('');

describe(renderSync.name, () => {
  it('unchanged: one status line, no change lines, no diff even in a dry run', () => {
    const unchanged = bundle({ kubeconfig: kube({ changed: false, changes: [] }), recordChanged: false });
    for (const dryRun of [false, true]) {
      expect(renderSync([unchanged], { dryRun, diff })).toEqual([
        { to: 'stderr', text: 'bundle acme (/srv/acme.json): unchanged\n' },
      ]);
    }
  });

  it('synced: the status, then the kubeconfig change lines indented under it; nothing on stdout', () => {
    const writes = renderSync([bundle()], { dryRun: false, diff });
    expect(text(writes, 'stdout')).toBe('');
    expect(text(writes, 'stderr')).toBe(
      [
        'bundle acme (/srv/acme.json): synced',
        '  kubeconfig /home/dev/.kube/config:',
        '    context developers@demo updated: CA rotated',
        '',
      ].join('\n'),
    );
  });

  it('dry run: status, the diff on stdout, then the change lines, in that order', () => {
    const writes = renderSync([bundle()], { dryRun: true, diff });
    expect(writes).toEqual([
      { to: 'stderr', text: 'bundle acme (/srv/acme.json): changes found (dry run, nothing written)\n' },
      { to: 'stdout', text: 'DIFF /home/dev/.kube/config a→b\n' },
      { to: 'stderr', text: '  kubeconfig /home/dev/.kube/config (dry run, nothing written):\n' },
      { to: 'stderr', text: '    context developers@demo would be updated: CA rotated\n' },
    ]);
  });

  it('a record-only change (kubeconfig untouched) still says synced and that the kubeconfig is up to date', () => {
    const writes = renderSync([bundle({ kubeconfig: kube({ changed: false, changes: [] }) })], { dryRun: false, diff });
    expect(text(writes, 'stderr')).toBe(
      'bundle acme (/srv/acme.json): synced\n  kubeconfig /home/dev/.kube/config: already up to date, nothing written\n',
    );
  });

  it('skipped: the reason, and the next bundle goes on', () => {
    const writes = renderSync(
      [
        bundle({ name: 'old', skipped: 'its setup record has no source', kubeconfig: undefined }),
        bundle({
          name: 'beta',
          source: 'https://x/beta.json',
          recordChanged: false,
          kubeconfig: kube({ changed: false, changes: [] }),
        }),
      ],
      { dryRun: false, diff },
    );
    expect(text(writes, 'stderr')).toBe(
      'bundle old: skipped: its setup record has no source\nbundle beta (https://x/beta.json): unchanged\n',
    );
  });

  it('groups gone: one line per group, right under the status, even when nothing else changed', () => {
    const writes = renderSync(
      [
        bundle({
          groupsGone: ['admins', 'ops'],
          recordChanged: false,
          kubeconfig: kube({ changed: false, changes: [] }),
        }),
      ],
      { dryRun: false, diff },
    );
    expect(text(writes, 'stderr')).toBe(
      [
        'bundle acme (/srv/acme.json): unchanged',
        '  group admins is no longer in the bundle: its contexts are removed',
        '  group ops is no longer in the bundle: its contexts are removed',
        '',
      ].join('\n'),
    );
  });

  it('repinned: the new digest on the status line', () => {
    const writes = renderSync([bundle({ repinned: '9f86d0' })], { dryRun: false, diff });
    expect(writes[0]).toEqual({
      to: 'stderr',
      text: 'bundle acme (/srv/acme.json): synced; pinned to sha256 9f86d0\n',
    });
  });
});
