// How kubectl starts eks-login from a kubeconfig user entry. Setup writes absolute paths of node and of
// the CLI script, so a client started without the shell's PATH (Lens, IDE plugins: PATH=/usr/bin:/bin)
// runs the same eks-login, and an exec `env` with the AWS file/profile variables setup ran with, so the
// plugin finds the same identity without them in kubectl's environment. Readers accept both this form
// and the older `command: eks-login, args: [token, …]`. Pure.
import type { Env } from '../kernel/ports.js';

export interface ExecEnvVar {
  name: string;
  value: string;
}

export interface ExecLauncher {
  /** The exec `command`: the absolute path of node (a bare `eks-login` in unit tests). */
  command: string;
  /** Args before `token`: the absolute path of the CLI script when `command` is node. */
  args: readonly string[];
  /** The exec `env` entries (names and paths only, never a secret). */
  env: readonly ExecEnvVar[];
}

/** The AWS variables that choose the files and profile the source identity comes from. */
export const IDENTITY_ENV_NAMES = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE'] as const;

/**
 * The exec env setup writes: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE when set (made absolute by
 * `absolute`), and AWS_PROFILE when set unless `--source-profile` named the profile itself (the setup
 * record then names it; AWS_PROFILE decided nothing).
 */
export function identityExecEnv(
  env: Env,
  options: { sourceProfileFlag: boolean; absolute: (path: string) => string },
): ExecEnvVar[] {
  const out: ExecEnvVar[] = [];
  for (const name of IDENTITY_ENV_NAMES) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (name === 'AWS_PROFILE') {
      if (!options.sourceProfileFlag) out.push({ name, value });
    } else out.push({ name, value: options.absolute(value) });
  }
  return out;
}

const EKS_LOGIN = /(^|[/\\])(eks-login|kubectl-eks_login)(\.js|\.cjs|\.cmd)?$/;
const NODE = /(^|[/\\])(node|nodejs)(\.exe)?$/;

/** `eks-login` itself, by name or by a path to an eks-login executable or script. */
export function isEksLoginPath(path: string): boolean {
  return EKS_LOGIN.test(path);
}

/**
 * The args eks-login gets (`token …`) when the exec runs eks-login: `eks-login token …`, or
 * `node /…/eks-login token …` (what setup writes); undefined for another plugin.
 */
export function eksLoginArgsOf(exec: { command: string; args: readonly string[] }): string[] | undefined {
  if (isEksLoginPath(exec.command)) return [...exec.args];
  if (NODE.test(exec.command) && exec.args[0] !== undefined && isEksLoginPath(exec.args[0])) return exec.args.slice(1);
  return undefined;
}

/** The files kubectl must find to start the exec: the command, and the CLI script when node runs one. */
export function launcherFiles(exec: { command: string; args: readonly string[] }): string[] {
  return NODE.test(exec.command) && exec.args[0] !== undefined && isEksLoginPath(exec.args[0])
    ? [exec.command, exec.args[0]]
    : [exec.command];
}
