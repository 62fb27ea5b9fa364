// kubectl's file rules: --kubeconfig, KUBECONFIG split on ':', ~/.kube/config; the write target.
import { describe, expect, it } from 'vitest';
import { chooseTargetFile, locateKubeconfig } from '../../../src/kubeconfig/locate.js';
import type { LoadedKubeconfig } from '../../../src/kubeconfig/model.js';

describe(locateKubeconfig.name, () => {
  it('prefers the flag, then KUBECONFIG, then ~/.kube/config', () => {
    expect(locateKubeconfig({ KUBECONFIG: '/a' }, '/home/u', '/flag')).toEqual({ paths: ['/flag'], source: 'flag' });
    expect(locateKubeconfig({ KUBECONFIG: '/a::/b:/a' }, '/home/u')).toEqual({
      paths: ['/a', '/b'],
      source: 'KUBECONFIG',
    });
    expect(locateKubeconfig({ KUBECONFIG: '' }, '/home/u')).toEqual({
      paths: ['/home/u/.kube/config'],
      source: 'default',
    });
    expect(locateKubeconfig({ HOME: '/h' }, '/home/u').paths).toEqual(['/h/.kube/config']);
  });
});

describe(chooseTargetFile.name, () => {
  const file = (path: string, exists: boolean, names: string[] = []): LoadedKubeconfig => ({
    path,
    exists,
    doc: { contexts: names.map((name) => ({ name, context: {} })) },
  });
  it('picks the file that holds one of the names', () => {
    expect(
      chooseTargetFile([file('/a', true, ['x']), file('/b', true, ['dev@demo'])], new Set(['dev@demo'])).path,
    ).toBe('/b');
  });
  it('else the first file of the list, even when it does not exist yet', () => {
    expect(chooseTargetFile([file('/a', false), file('/b', true)], new Set(['n'])).path).toBe('/a');
    expect(chooseTargetFile([file('/a', true), file('/b', true)], new Set(['n'])).path).toBe('/a');
  });
});
