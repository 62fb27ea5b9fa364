// A "new machine" for end-to-end tests on the sandbox: a throwaway HOME (kubeconfig, config and cache
// under it), the file keyring, the sandbox's STS endpoint and CA, and no AWS config of the host.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '../../packages/sandbox/src/index.js';
import { BIN } from './run-bin.js';

export interface Machine {
  home: string;
  kubeconfig: string;
  env: Record<string, string>;
  /** env plus the user's long-term access key (what `setup --from-env` reads). */
  envWithKeys(user: string): Record<string, string>;
  remove(): void;
}

export function newMachine(sandbox: Sandbox): Machine {
  const home = mkdtempSync(join(tmpdir(), 'eks-login-machine-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    EKS_LOGIN_KEYRING: 'file',
    NO_COLOR: '1',
    AWS_CONFIG_FILE: join(home, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-aws-credentials'),
    ...sandbox.env(),
  };
  return {
    home,
    kubeconfig: join(home, '.kube', 'config'),
    env,
    envWithKeys: (user) => ({ ...env, AWS_ACCESS_KEY_ID: sandbox.users[user]!.accessKeyId, AWS_SECRET_ACCESS_KEY: sandbox.users[user]!.secretAccessKey }),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** A kubeconfig exec entry running the built eks-login token with `args`. */
export function execEntry(args: string[], apiVersion: 'v1' | 'v1beta1', env: Record<string, string> = {}) {
  return {
    exec: {
      apiVersion: `client.authentication.k8s.io/${apiVersion}`,
      command: BIN,
      args: ['token', ...args],
      env: Object.entries(env).map(([name, value]) => ({ name, value })),
      interactiveMode: 'Never',
    },
  };
}
