// What setup says once it is done, the pure part: a dry run's diff first on stdout, then the kubeconfig
// changes, the record and the next kubectl command on stderr.
import { describe, expect, it } from 'vitest';
import type { BundleGroup } from '../../../src/record/bundle-types.js';
import type { UpdateKubeconfigResult } from '../../../src/kubeconfig/update.js';
import { renderSetup } from '../../../src/setup/render-setup.js';
import type { SetupResult } from '../../../src/setup/run-setup.js';

const kube: UpdateKubeconfigResult = {
  path: '/home/dev/.kube/config',
  changes: [{ name: 'developers@demo', action: 'added' }],
  changed: true,
  before: 'a\n',
  after: 'b\n',
  orphanedContexts: [],
};
const group = (name: string) =>
  ({ name, roleArn: `arn:aws:iam::123456789012:role/${name}`, clusters: ['demo'] }) as unknown as BundleGroup;
const result = (over: Partial<SetupResult> = {}): SetupResult => ({
  groups: [group('developers')],
  contexts: ['developers@demo'],
  kubeconfig: kube,
  recordPath: '/home/dev/.config/eks-login/bundles/acme.json',
  ...over,
});
const diff = (k: UpdateKubeconfigResult) => `DIFF ${k.path}\n`;

describe(renderSetup.name, () => {
  it('done: the change lines, where it is recorded, and what to run next; nothing on stdout', () => {
    const writes = renderSetup({ name: 'acme' }, result(), { dryRun: false, diff });
    expect(writes.filter((w) => w.to === 'stdout')).toEqual([]);
    const lines = writes.map((w) => w.text);
    expect(lines.at(-2)).toBe(
      'setup of bundle acme (group developers) recorded in /home/dev/.config/eks-login/bundles/acme.json\n',
    );
    expect(lines.at(-1)).toBe('next: kubectl --context developers@demo get pods\n');
    expect(lines[0]).toBe('kubeconfig /home/dev/.kube/config:\n');
    expect(lines.slice(1, -2).join('')).toContain('developers@demo');
  });

  it('a dry run: the diff comes first, on stdout; no record line, no "next"', () => {
    const writes = renderSetup({ name: 'acme' }, result({ recordPath: undefined as never }), { dryRun: true, diff });
    expect(writes[0]).toEqual({ to: 'stdout', text: 'DIFF /home/dev/.kube/config\n' });
    expect(writes.slice(1).every((w) => w.to === 'stderr')).toBe(true);
    expect(writes.map((w) => w.text).join('')).not.toMatch(/recorded in|next:/);
  });

  it('several groups are named "groups a, b"', () => {
    const writes = renderSetup(
      { name: 'acme' },
      result({ groups: [group('developers'), group('admins')], contexts: ['developers@demo', 'admins@demo'] }),
      { dryRun: false, diff },
    );
    expect(writes.map((w) => w.text)).toContain(
      'setup of bundle acme (groups developers, admins) recorded in /home/dev/.config/eks-login/bundles/acme.json\n',
    );
  });
});
