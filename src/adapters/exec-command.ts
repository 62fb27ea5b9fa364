// The command setup writes into kubeconfig, and the one the sandbox prints for a person to type.
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { ExecLauncher, ExecEnvVar } from '../core/kubeconfig/exec-launcher.js';

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The first executable `name` on PATH (absolute directories only, as a GUI client's PATH may differ). */
function onPath(pathEnv: string | undefined, name: string): string | undefined {
  for (const dir of (pathEnv ?? '').split(delimiter).filter((d) => isAbsolute(d))) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      continue;
    }
  }
  return undefined;
}

/** What a person types: `eks-login` when that name on PATH is this very program, else its absolute path. */
export function resolveExecCommand(pathEnv: string | undefined, running: string, cwd: string): string {
  const self = realOrSelf(isAbsolute(running) ? running : resolve(cwd, running));
  const found = onPath(pathEnv, 'eks-login');
  // The first hit is what the shell will run; it must be us.
  return found && realOrSelf(found) === self ? 'eks-login' : self;
}

/**
 * What kubectl runs: the absolute path of node and of this CLI script, so it works without the shell's PATH
 * (GUI clients start kubectl with PATH=/usr/bin:/bin, where `#!/usr/bin/env node` finds no node). Node is
 * named by the PATH entry that is this very node when there is one (e.g. Homebrew's /opt/homebrew/bin/node,
 * which survives `brew upgrade`), else by its real path. When node or the script moves (a node upgrade
 * under nvm), `eks-login doctor` says so and `eks-login setup` again writes the new paths.
 */
export function resolveExecLauncher(options: { pathEnv: string | undefined; running: string; cwd: string; execPath?: string; env?: ExecEnvVar[] }): ExecLauncher {
  const execPath = options.execPath ?? process.execPath;
  const script = realOrSelf(isAbsolute(options.running) ? options.running : resolve(options.cwd, options.running));
  const node = onPath(options.pathEnv, 'node');
  const command = node && realOrSelf(node) === realOrSelf(execPath) ? node : execPath;
  return { command, args: [script], env: options.env ?? [] };
}
