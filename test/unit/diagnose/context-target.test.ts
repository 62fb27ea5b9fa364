// The target whoami and doctor examine, the pure part: namespace precedence, the cluster's TLS facts and CA,
// the eks-login mark found in the file that defines the user, and the exec's token flags with a value only.
import { describe, expect, it } from 'vitest';
import { doctorTargetOf, endpointOf, userOwnerOf } from '../../../src/diagnose/context-target.js';
import type { LoadedKubeconfig } from '../../../src/kubeconfig/model.js';
import { ownerExtensions } from '../../../src/kubeconfig/owner.js';
import type { ResolvedContext } from '../../../src/kubeconfig/resolve-context.js';

const MARK = { bundle: 'acme', group: 'developers', cluster: 'demo' };
const exec = {
  command: '/usr/bin/node',
  args: ['/opt/eks-login/bin/eks-login', 'token', '--cluster', 'demo'],
  env: [],
};
const resolved = (over: Partial<ResolvedContext> = {}): ResolvedContext => ({
  name: 'developers@demo',
  file: '/k/config',
  cluster: { name: 'developers@demo', file: '/k/config', server: 'https://10.0.0.1' },
  user: { name: 'developers@demo', file: '/k/second', exec, hasToken: false, hasClientCertificate: false },
  ...over,
});
const file = (path: string, users: unknown[]): LoadedKubeconfig => ({ path, exists: true, doc: { users } });

describe(doctorTargetOf.name, () => {
  it('namespace: --namespace, else the context’s, else default', () => {
    expect(doctorTargetOf(resolved(), {}).namespace).toBe('default');
    expect(doctorTargetOf(resolved({ namespace: 'team-a' }), {}).namespace).toBe('team-a');
    expect(doctorTargetOf(resolved({ namespace: 'team-a' }), { namespace: 'ops' }).namespace).toBe('ops');
  });

  it('a plain context: server only, the exec command and args, no owner, no token flags', () => {
    expect(doctorTargetOf(resolved(), {})).toEqual({
      context: 'developers@demo',
      file: '/k/config',
      namespace: 'default',
      cluster: { name: 'developers@demo', server: 'https://10.0.0.1' },
      exec: { command: exec.command, args: exec.args },
    });
  });

  it('carries the CA, TLS server name, insecure flag, proxy and owner; token flags without undefined or --no-cache', () => {
    const cluster = {
      name: 'c',
      file: '/k/config',
      server: 'https://10.0.0.1',
      tlsServerName: 'api.demo',
      insecureSkipTlsVerify: true,
      proxyUrl: 'http://proxy:3128',
    };
    const target = doctorTargetOf(resolved({ cluster }), {
      caPem: 'PEM',
      owner: MARK,
      tokenFlags: { cluster: 'demo', region: 'eu-west-1', roleArn: undefined, noCache: true },
    });
    expect(target.cluster).toEqual({
      name: 'c',
      server: 'https://10.0.0.1',
      caPem: 'PEM',
      tlsServerName: 'api.demo',
      insecureSkipTlsVerify: true,
      proxyUrl: 'http://proxy:3128',
    });
    expect(target.owner).toEqual(MARK);
    expect(target.token).toEqual({ cluster: 'demo', region: 'eu-west-1' });
    expect(endpointOf(target.cluster)).toEqual({
      server: 'https://10.0.0.1',
      caPem: 'PEM',
      tlsServerName: 'api.demo',
      insecureSkipTlsVerify: true,
      proxyUrl: 'http://proxy:3128',
    });
  });

  it('no user exec (a token or client certificate user): no exec in the target', () => {
    const target = doctorTargetOf(
      resolved({ user: { name: 'u', file: '/k/config', hasToken: true, hasClientCertificate: false } }),
      {},
    );
    expect(target.exec).toBeUndefined();
    expect(endpointOf(target.cluster)).toEqual({ server: 'https://10.0.0.1' });
  });
});

describe(userOwnerOf.name, () => {
  it('reads the mark in the file that defines the user (first-wins), not a same-named user of another file', () => {
    const files = [
      file('/k/config', [
        { name: 'developers@demo', user: { extensions: ownerExtensions({ ...MARK, bundle: 'other' }) } },
      ]),
      file('/k/second', [{ name: 'developers@demo', user: { extensions: ownerExtensions(MARK) } }]),
    ];
    expect(userOwnerOf(files, resolved().user)).toEqual(MARK);
  });

  it('a user entry without the mark, or a file not loaded: undefined', () => {
    expect(userOwnerOf([file('/k/second', [{ name: 'developers@demo', user: {} }])], resolved().user)).toBeUndefined();
    expect(userOwnerOf([], resolved().user)).toBeUndefined();
  });
});
