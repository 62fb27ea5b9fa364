// logout --remove-contexts: only owned entries go; current-context is cleared when it named one.
import { describe, expect, it } from 'vitest';
import { buildDesiredContexts } from '../../../src/kubeconfig/desired.js';
import { planKubeconfigUpdate } from '../../../src/kubeconfig/plan.js';
import { removeOwnedEntries } from '../../../src/kubeconfig/remove.js';
import { sampleBundle } from '../../support/bundles.js';

describe(removeOwnedEntries.name, () => {
  const bundle = sampleBundle();
  const start = {
    clusters: [{ name: 'mine', cluster: { server: 'https://m' } }],
    users: [{ name: 'mine', user: { token: 't' } }],
    contexts: [{ name: 'mine', context: { cluster: 'mine', user: 'mine' } }],
  };
  const target = { path: '/c', exists: true, doc: start };
  const written = planKubeconfigUpdate({
    files: [target],
    target,
    bundle: 'acme',
    desired: buildDesiredContexts(bundle, bundle.groups[0]!, { command: 'eks-login', args: [], env: [] }),
    use: true,
  }).doc;

  it('removes every owned entry and clears current-context when it was ours', () => {
    const result = removeOwnedEntries(written);
    expect(result.removed.sort()).toEqual(['developers@demo', 'developers@prod']);
    expect(result.clearedCurrentContext).toBe(true);
    expect(result.doc).toEqual({ ...start, 'current-context': '' });
  });

  it('can be limited to one bundle', () => {
    expect(removeOwnedEntries(written, (mark) => mark.bundle === 'other').removed).toEqual([]);
  });
});
