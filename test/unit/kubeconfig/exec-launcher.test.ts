// The exec setup writes (absolute node + CLI script, env naming the AWS files) and how readers find
// `eks-login token …` in it, old form included.
import { describe, expect, it } from 'vitest';
import {
  eksLoginArgsOf,
  identityExecEnv,
  INSTALL_HINT_SLOT,
  launcherFiles,
  SHELL_LAUNCH,
  withInstallHint,
} from '../../../src/kubeconfig/exec-launcher.js';

const SCRIPT = '/usr/lib/node_modules/eks-login/bin/eks-login';
/** The Linux/macOS entry: /bin/sh -c SHELL_LAUNCH <installHint> <node> <script> token … */
const shellEntry = (...token: string[]) => ({
  command: '/bin/sh',
  args: ['-c', SHELL_LAUNCH, 'install eks-login', '/usr/bin/node', SCRIPT, ...token],
});

const absolute = (path: string) => (path.startsWith('/') ? path : `/home/dev/${path}`);

describe(identityExecEnv.name, () => {
  it('carries the AWS file variables as absolute paths, and AWS_PROFILE unless --source-profile named the profile', () => {
    const env = {
      AWS_CONFIG_FILE: 'projects/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/etc/aws/credentials',
      AWS_PROFILE: 'corp',
      AWS_SECRET_ACCESS_KEY: 'wJalrSECRET',
      AWS_REGION: 'eu-west-1',
    };
    expect(identityExecEnv(env, { sourceProfileFlag: false, absolute })).toEqual([
      { name: 'AWS_CONFIG_FILE', value: '/home/dev/projects/aws-config' },
      { name: 'AWS_SHARED_CREDENTIALS_FILE', value: '/etc/aws/credentials' },
      { name: 'AWS_PROFILE', value: 'corp' },
    ]);
    expect(identityExecEnv(env, { sourceProfileFlag: true, absolute }).map((e) => e.name)).toEqual([
      'AWS_CONFIG_FILE',
      'AWS_SHARED_CREDENTIALS_FILE',
    ]);
    expect(
      identityExecEnv({ AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_PROFILE: ' ' }, { sourceProfileFlag: false, absolute }),
    ).toEqual([]);
  });
});

describe(eksLoginArgsOf.name, () => {
  it('finds the token args after node and the CLI script, after a bare or absolute eks-login, and nothing for other plugins', () => {
    expect(
      eksLoginArgsOf({
        command: '/usr/bin/node',
        args: ['/usr/lib/node_modules/eks-login/bin/eks-login', 'token', '--cluster', 'demo'],
      }),
    ).toEqual(['token', '--cluster', 'demo']);
    expect(eksLoginArgsOf({ command: 'eks-login', args: ['token', '--cluster', 'demo'] })).toEqual([
      'token',
      '--cluster',
      'demo',
    ]);
    expect(eksLoginArgsOf({ command: '/opt/eks-login/bin/eks-login', args: ['token'] })).toEqual(['token']);
    expect(eksLoginArgsOf({ command: '/usr/bin/node', args: ['/srv/other-tool.js', 'token'] })).toBeUndefined();
    expect(eksLoginArgsOf({ command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'demo'] })).toBeUndefined();
  });

  it('finds them inside the /bin/sh launcher, and nothing for another shell line or another script', () => {
    expect(eksLoginArgsOf(shellEntry('token', '--cluster', 'demo'))).toEqual(['token', '--cluster', 'demo']);
    expect(
      eksLoginArgsOf({ command: '/bin/sh', args: ['-c', 'exec "$@"', 'x', '/usr/bin/node', SCRIPT, 'token'] }),
    ).toBeUndefined();
    const other = shellEntry('token');
    other.args[4] = '/srv/other-tool.js';
    expect(eksLoginArgsOf(other)).toBeUndefined();
  });
});

describe(launcherFiles.name, () => {
  it('lists node and the script for the node form, the command alone otherwise', () => {
    expect(launcherFiles({ command: '/usr/bin/node', args: ['/x/bin/eks-login', 'token'] })).toEqual([
      '/usr/bin/node',
      '/x/bin/eks-login',
    ]);
    expect(launcherFiles({ command: 'eks-login', args: ['token'] })).toEqual(['eks-login']);
    expect(launcherFiles(shellEntry('token'))).toEqual(['/usr/bin/node', SCRIPT]);
  });

  it('the installHint goes into its slot of the launcher args', () => {
    expect(withInstallHint(['-c', SHELL_LAUNCH, INSTALL_HINT_SLOT, '/usr/bin/node', SCRIPT], 'hint')).toEqual([
      '-c',
      SHELL_LAUNCH,
      'hint',
      '/usr/bin/node',
      SCRIPT,
    ]);
  });
});
