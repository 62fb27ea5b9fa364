// The environment kubectl gives an exec plugin, as whoami and doctor rebuild it (pure).
import { describe, expect, it } from 'vitest';
import { execEnvironment } from '../../../src/diagnose/exec-environment.js';

const cluster = {
  name: 'demo',
  server: 'https://127.0.0.1:6443',
  certificateAuthorityData: 'Q0E=',
  file: '/k',
} as never;

describe(execEnvironment.name, () => {
  it('ours, then the exec env on top, then KUBERNETES_EXEC_INFO (interactive on a terminal)', () => {
    const env = execEnvironment(
      { A: '1', AWS_PROFILE: 'mine' },
      { command: 'eks-login', args: [], env: [{ name: 'AWS_PROFILE', value: 'theirs' }] } as never,
      cluster,
      true,
    );
    expect(env).toMatchObject({ A: '1', AWS_PROFILE: 'theirs' });
    expect(JSON.parse(env.KUBERNETES_EXEC_INFO!)).toEqual({
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      spec: { interactive: true },
    });
  });

  it('interactiveMode Never is never interactive; provideClusterInfo adds the cluster; the exec apiVersion wins', () => {
    const exec = {
      command: 'x',
      args: [],
      interactiveMode: 'Never',
      provideClusterInfo: true,
      apiVersion: 'client.authentication.k8s.io/v1',
    } as never;
    const info = JSON.parse(execEnvironment({}, exec, cluster, true).KUBERNETES_EXEC_INFO!);
    expect(info).toEqual({
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1',
      spec: { interactive: false, cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': 'Q0E=' } },
    });
  });
});
