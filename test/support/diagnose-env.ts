// A developer machine for whoami/doctor process tests: a temp HOME, a hand-written kubeconfig whose user
// runs the built eks-login as kubectl would, and the sandbox's env plus one IAM user's keys.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox, SandboxCluster, SandboxUser } from '../../packages/sandbox/src/index.js';
import { BIN } from './run-bin.js';

export interface Machine {
  home: string;
  kubeconfig: string;
  env: Record<string, string>;
  remove(): void;
}

export interface MachineOptions {
  cluster: SandboxCluster;
  user: SandboxUser;
  roleArn: string;
  /** The exec command (then args start at `token`); default node running the built CLI, as setup writes it. */
  command?: string;
  /** Add setup's ownership mark to the entries. */
  owned?: boolean;
  namespace?: string;
}

export function makeMachine(sandbox: Sandbox, options: MachineOptions): Machine {
  const home = mkdtempSync(join(tmpdir(), 'eks-login-diag-'));
  const kubeconfig = join(home, 'kubeconfig');
  const ctx = `dev@${options.cluster.name}`;
  const mark = options.owned ? { extensions: [{ name: 'eks-login', extension: { 'managed-by': 'eks-login', bundle: 'sandbox', group: 'developers', cluster: options.cluster.name } }] } : {};
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': ctx,
    clusters: [{ name: ctx, cluster: { server: options.cluster.endpoint, 'certificate-authority-data': Buffer.from(options.cluster.caPem).toString('base64'), ...mark } }],
    users: [
      {
        name: ctx,
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: options.command ?? process.execPath,
            args: [...(options.command ? [] : [BIN]), 'token', '--cluster', options.cluster.name, '--region', options.cluster.region, '--role-arn', options.roleArn],
            interactiveMode: 'IfAvailable',
          },
          ...mark,
        },
      },
    ],
    contexts: [{ name: ctx, context: { cluster: ctx, user: ctx, ...(options.namespace ? { namespace: options.namespace } : {}), ...mark } }],
  };
  writeFileSync(kubeconfig, JSON.stringify(doc, null, 2), { mode: 0o600 });
  const env = {
    ...sandbox.env(),
    HOME: home,
    KUBECONFIG: kubeconfig,
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_CONFIG_HOME: join(home, 'config'),
    AWS_CONFIG_FILE: join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: options.user.accessKeyId,
    AWS_SECRET_ACCESS_KEY: options.user.secretAccessKey,
    EKS_LOGIN_KEYRING: 'file',
  };
  return { home, kubeconfig, env, remove: () => rmSync(home, { recursive: true, force: true }) };
}
