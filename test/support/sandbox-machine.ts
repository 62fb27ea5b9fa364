// A "new machine" for end-to-end tests on the sandbox: a throwaway HOME (home.ts; kubeconfig, config and
// cache under it), the file keyring, the sandbox's endpoints and CA, and no AWS config of the host.
// newMachine is a machine before setup; withContext gives it a hand-written kubeconfig whose user runs the
// built eks-login as kubectl would, and one IAM user's keys (the whoami/doctor process tests).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox, SandboxCluster, SandboxUser } from '../../packages/sandbox/src/index.js';
import { createHome } from './home.js';
import { BIN } from './run-process.js';

export interface Machine {
  home: string;
  kubeconfig: string;
  env: Record<string, string>;
  /** env plus the user's long-term access key (what `setup --from-env` reads). */
  envWithKeys(user: string): Record<string, string>;
  remove(): void;
}

export interface ContextOptions {
  cluster: SandboxCluster;
  user: SandboxUser;
  roleArn: string;
  /** The exec command (then args start at `token`); default node running the built CLI, as setup writes it. */
  command?: string;
  /** Add setup's ownership mark to the entries. */
  owned?: boolean;
  namespace?: string;
}

export function newMachine(sandbox: Sandbox, context?: ContextOptions): Machine {
  const home = createHome({
    prefix: context ? 'eks-login-diag-' : 'eks-login-machine-',
    noAwsFiles: true,
    xdg: context !== undefined,
  });
  const kubeconfig = context ? join(home.dir, 'kubeconfig') : join(home.dir, '.kube', 'config');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...home.env,
    EKS_LOGIN_KEYRING: 'file',
    NO_COLOR: '1',
    ...sandbox.env(),
  };
  const envWithKeys = (user: string) => ({
    ...env,
    AWS_ACCESS_KEY_ID: sandbox.users[user]!.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sandbox.users[user]!.secretAccessKey,
  });
  if (context) {
    writeFileSync(kubeconfig, JSON.stringify(contextKubeconfig(context), null, 2), { mode: 0o600 });
    Object.assign(env, {
      KUBECONFIG: kubeconfig,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: context.user.accessKeyId,
      AWS_SECRET_ACCESS_KEY: context.user.secretAccessKey,
    });
  }
  return { home: home.dir, kubeconfig, env, envWithKeys, remove: home.remove };
}

/** A one-context kubeconfig (`dev@<cluster>`) with the role's token exec, as a person or setup would write it. */
function contextKubeconfig(options: ContextOptions) {
  const ctx = `dev@${options.cluster.name}`;
  const mark = options.owned
    ? {
        extensions: [
          {
            name: 'eks-login',
            extension: {
              'managed-by': 'eks-login',
              bundle: 'sandbox',
              group: 'developers',
              cluster: options.cluster.name,
            },
          },
        ],
      }
    : {};
  return {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': ctx,
    clusters: [
      {
        name: ctx,
        cluster: {
          server: options.cluster.endpoint,
          'certificate-authority-data': Buffer.from(options.cluster.caPem).toString('base64'),
          ...mark,
        },
      },
    ],
    users: [
      {
        name: ctx,
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: options.command ?? process.execPath,
            args: [
              ...(options.command ? [] : [BIN]),
              'token',
              '--cluster',
              options.cluster.name,
              '--region',
              options.cluster.region,
              '--role-arn',
              options.roleArn,
            ],
            interactiveMode: 'IfAvailable',
          },
          ...mark,
        },
      },
    ],
    contexts: [
      {
        name: ctx,
        context: { cluster: ctx, user: ctx, ...(options.namespace ? { namespace: options.namespace } : {}), ...mark },
      },
    ],
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
