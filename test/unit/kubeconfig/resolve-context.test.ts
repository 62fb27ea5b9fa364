// Resolving the current context across several files (first wins) for whoami/doctor.
import { describe, expect, it } from 'vitest';
import { resolveContext } from '../../../src/kubeconfig/resolve-context.js';

const a = {
  path: '/a',
  exists: true,
  doc: {
    clusters: [{ name: 'c', cluster: { server: 'https://a', 'certificate-authority-data': 'QUJD' } }],
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u', namespace: 'ns' } }],
  },
};
const b = {
  path: '/b',
  exists: true,
  doc: {
    'current-context': 'ctx',
    clusters: [{ name: 'c', cluster: { server: 'https://b' } }],
    users: [
      {
        name: 'u',
        user: {
          exec: {
            command: 'eks-login',
            args: ['token', '--cluster', 'demo'],
            apiVersion: 'client.authentication.k8s.io/v1beta1',
          },
        },
      },
    ],
  },
};

describe(resolveContext.name, () => {
  it('merges first-wins and returns server, CA and exec', () => {
    const resolved = resolveContext([a, b]);
    expect(resolved).toMatchObject({
      name: 'ctx',
      file: '/a',
      namespace: 'ns',
      cluster: { name: 'c', file: '/a', server: 'https://a', certificateAuthorityData: 'QUJD' },
      user: { name: 'u', file: '/b', exec: { command: 'eks-login', args: ['token', '--cluster', 'demo'], env: [] } },
    });
  });
  it('names what is missing', () => {
    expect(() => resolveContext([a])).toThrow(/no current context in kubeconfig \/a/);
    expect(() => resolveContext([a, b], 'nope')).toThrow(/context nope not found/);
    expect(() => resolveContext([a], 'ctx')).toThrow(/user u not found/);
  });

  it('says file not found when no kubeconfig file exists (KUBECONFIG=/nonexistent), not "no current context"', () => {
    const gone = { path: '/nonexistent', exists: false, doc: {} };
    expect(() => resolveContext([gone])).toThrow(/^kubeconfig file not found: \/nonexistent$/);
    expect(() => resolveContext([gone, { ...gone, path: '/also-gone' }], 'ctx')).toThrow(
      /not found: \/nonexistent, \/also-gone/,
    );
    expect(() => resolveContext([gone, a], 'nope')).toThrow(/context nope not found/);
  });
});
