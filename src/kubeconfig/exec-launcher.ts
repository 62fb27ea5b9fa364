// How kubectl starts eks-login from a kubeconfig user entry. Setup writes absolute paths, so a client started
// without the shell's PATH (Lens, IDE plugins: PATH=/usr/bin:/bin) runs the same eks-login, and an exec `env` with
// the AWS file/profile variables setup ran with, so the plugin finds the same identity without them in kubectl's
// environment. On Linux and macOS the entry is `command: /bin/sh, args: [-c, SHELL_LAUNCH, <installHint>, <absolute
// node>, <CLI script>, token, …]`: when the script is gone (the package uninstalled, an npx cache cleared), the
// shell prints the installHint instead of Node.js printing a stack trace (kubectl shows an entry's own installHint
// only for a bare command missing from PATH, and the command must be absolute). On Windows, which has no /bin/sh:
// `command: <node.exe>, args: [-e, NODE_LAUNCH, <installHint>, <script>, token, …]`, the same check written for
// node itself. Readers accept these and the shape earlier versions wrote (`command: <node>, args: [<script>, token,
// …]`, also the older `command: eks-login, args: [token, …]`). Pure.
import type { Env } from '../kernel/ports.js';

export interface ExecEnvVar {
  name: string;
  value: string;
}

export interface ExecLauncher {
  /** The exec `command`: /bin/sh (Linux, macOS), node.exe (Windows), or a bare `eks-login` in unit tests. */
  command: string;
  /**
   * Args before `token`: for /bin/sh `-c`, SHELL_LAUNCH, INSTALL_HINT_SLOT (each writer puts its installHint there,
   * withInstallHint), node and the script; for node.exe `-e`, NODE_LAUNCH, INSTALL_HINT_SLOT and the script.
   */
  args: readonly string[];
  /** The CLI script kubectl ends up running (for the npx-cache warning); not written anywhere. */
  script?: string;
  /** The exec `env` entries (names and paths only, never a secret). */
  env: readonly ExecEnvVar[];
}

/** The AWS variables that choose the files and profile the source identity comes from. */
const IDENTITY_ENV_NAMES = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE'] as const;

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

/**
 * The shell line of the Linux/macOS entry (`sh -c SHELL_LAUNCH <hint> <node> <script> token …`): $0 is the
 * installHint, $1 node, $2 the CLI script. Runs node with the script when the script is there; else prints the hint
 * (exit 127, the shell's "not found"). Readers recognise exactly this text: a change keeps the old text readable.
 */
export const SHELL_LAUNCH = '[ -f "$2" ] || { printf \'%s\\n\' "$0" >&2; exit 127; }; exec "$@"';

/**
 * The `node -e` line of the Windows entry (`node -e NODE_LAUNCH <hint> <script> token …`, so process.argv is
 * [node, hint, script, token, …]): prints the hint (exit 127) when the script is gone, else drops the hint from
 * process.argv and loads the script, which then sees the argv of `node <script> token …`. No double quote, so
 * the line survives Windows' command-line quoting unchanged. Readers recognise exactly this text.
 */
export const NODE_LAUNCH =
  "const a=process.argv;if(!require('fs').existsSync(a[2])){process.stderr.write(a[1]+'\\n');process.exit(127)}a.splice(1,1);require(a[1])";

/** Where the writer's installHint goes in a launcher's args (replaced by withInstallHint). */
export const INSTALL_HINT_SLOT = '<installHint>';

/** The launcher's args with `hint` in its slot. */
export function withInstallHint(args: readonly string[], hint: string): string[] {
  return args.map((arg) => (arg === INSTALL_HINT_SLOT ? hint : arg));
}

/** The node + script exec inside a /bin/sh launcher entry; undefined for any other exec. */
function shellLaunched(exec: {
  command: string;
  args: readonly string[];
}): { command: string; args: readonly string[] } | undefined {
  if (
    !/(^|\/)sh$/.test(exec.command) ||
    exec.args[0] !== '-c' ||
    exec.args[1] !== SHELL_LAUNCH ||
    exec.args[3] === undefined
  )
    return undefined;
  return { command: exec.args[3], args: exec.args.slice(4) };
}
const NODE = /(^|[/\\])(node|nodejs)(\.exe)?$/;

/** The node + script exec inside a `node -e NODE_LAUNCH` entry; undefined for any other exec. */
function nodeLaunched(exec: {
  command: string;
  args: readonly string[];
}): { command: string; args: readonly string[] } | undefined {
  if (!NODE.test(exec.command) || exec.args[0] !== '-e' || exec.args[1] !== NODE_LAUNCH || exec.args[3] === undefined)
    return undefined;
  return { command: exec.command, args: exec.args.slice(3) };
}

/** `eks-login` itself, by name or by a path to an eks-login executable or script. */
function isEksLoginPath(path: string): boolean {
  return EKS_LOGIN.test(path);
}

/**
 * The args eks-login gets (`token …`) when the exec runs eks-login: `eks-login token …`, `node /…/eks-login
 * token …` (what earlier versions wrote), or that inside the /bin/sh or `node -e` launcher; undefined for another
 * plugin.
 */
export function eksLoginArgsOf(exec: { command: string; args: readonly string[] }): string[] | undefined {
  const inner = shellLaunched(exec);
  if (inner) return inner.command === exec.command ? undefined : eksLoginArgsOf(inner);
  const node = nodeLaunched(exec);
  if (node) return eksLoginArgsOf(node);
  if (isEksLoginPath(exec.command)) return [...exec.args];
  if (NODE.test(exec.command) && exec.args[0] !== undefined && isEksLoginPath(exec.args[0])) return exec.args.slice(1);
  return undefined;
}

/**
 * The files kubectl must find to start eks-login, node first: node and the CLI script (inside the /bin/sh launcher
 * too: /bin/sh itself is always there), or the command alone.
 */
export function launcherFiles(exec: { command: string; args: readonly string[] }): string[] {
  const inner = shellLaunched(exec);
  if (inner && inner.command !== exec.command) return launcherFiles(inner);
  const node = nodeLaunched(exec);
  if (node) return launcherFiles(node);
  return NODE.test(exec.command) && exec.args[0] !== undefined && isEksLoginPath(exec.args[0])
    ? [exec.command, exec.args[0]]
    : [exec.command];
}
