// KUBERNETES_EXEC_INFO parsing and the ExecCredential kubectl reads (docs/token.md, "Output and KUBERNETES_EXEC_INFO").
import { describe, expect, it } from 'vitest';
import { buildExecCredential, parseExecInfo } from '../../../src/token/exec-credential.js';

const info = (doc: unknown) => JSON.stringify(doc);

describe(parseExecInfo.name, () => {
  it('absent or empty → v1beta1, not interactive', () => {
    expect(parseExecInfo(undefined)).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      interactive: false,
    });
    expect(parseExecInfo('')).toEqual({ apiVersion: 'client.authentication.k8s.io/v1beta1', interactive: false });
  });

  it.each(['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'])(
    'echoes %s with interactive and cluster server',
    (apiVersion) => {
      const raw = info({
        kind: 'ExecCredential',
        apiVersion,
        spec: { interactive: true, cluster: { server: 'https://X.gr7.eu-west-1.eks.amazonaws.com', config: null } },
      });
      expect(parseExecInfo(raw)).toEqual({
        apiVersion,
        interactive: true,
        clusterServer: 'https://X.gr7.eu-west-1.eks.amazonaws.com',
      });
    },
  );

  it('v1alpha1 → usage error (exit 2) with a hint to re-run setup', () => {
    const call = () =>
      parseExecInfo(info({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1alpha1', spec: {} }));
    expect(call).toThrow(expect.objectContaining({ exitCode: 2, hint: expect.stringContaining('eks-login setup') }));
  });

  it.each([
    ['not JSON', '{nope'],
    ['an array', '[]'],
    ['no apiVersion', info({ kind: 'ExecCredential', spec: {} })],
    ['unknown apiVersion', info({ apiVersion: 'client.authentication.k8s.io/v2', spec: {} })],
    ['wrong kind', info({ kind: 'Pod', apiVersion: 'client.authentication.k8s.io/v1', spec: {} })],
    [
      'spec.interactive not boolean',
      info({ apiVersion: 'client.authentication.k8s.io/v1', spec: { interactive: 'yes' } }),
    ],
    ['server not a string', info({ apiVersion: 'client.authentication.k8s.io/v1', spec: { cluster: { server: 1 } } })],
  ])('malformed (%s) → config error (exit 3)', (_why, raw) => {
    expect(() => parseExecInfo(raw)).toThrow(
      expect.objectContaining({ exitCode: 3, message: expect.stringContaining('KUBERNETES_EXEC_INFO') }),
    );
  });

  it('says a missing apiVersion is missing (not "undefined")', () => {
    expect(() => parseExecInfo(info({ kind: 'ExecCredential', spec: {} }))).toThrow(/apiVersion is missing, expected/);
  });
});

describe(buildExecCredential.name, () => {
  it('is one compact JSON document with kind, apiVersion, spec and status', () => {
    const text = buildExecCredential('client.authentication.k8s.io/v1', 'k8s-aws-v1.abc', '2025-01-02T03:18:05Z');
    expect(text).not.toContain('\n');
    expect(JSON.parse(text)).toEqual({
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1',
      spec: {},
      status: { expirationTimestamp: '2025-01-02T03:18:05Z', token: 'k8s-aws-v1.abc' },
    });
  });
});
