// The command setup writes into kubeconfig, and the one the sandbox prints for a person to type. Paths are
// spelled by the platform's rules (kernel/platform.ts): on Windows `C:\Program Files\nodejs\node.exe` and the
// script's path with its spaces and backslashes, which kubectl passes to CreateProcess as two quoted args.
import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { INSTALL_HINT_SLOT, NODE_LAUNCH, SHELL_LAUNCH, type ExecLauncher, type ExecEnvVar } from './exec-launcher.js';
import type { Platform } from '../kernel/platform.js';

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function pathsOf(platform: Platform): typeof posix {
  return platform.pathSeparator === '\\' ? win32 : posix;
}

/** The first executable `name` on PATH (absolute directories only, as a GUI client's PATH may differ). */
function onPath(pathEnv: string | undefined, name: string, platform: Platform, pathExt?: string): string | undefined {
  const paths = pathsOf(platform);
  for (const dir of (pathEnv ?? '').split(platform.listSeparator).filter((d) => platform.isAbsolute(d))) {
    for (const file of platform.executableNames(name, { PATHEXT: pathExt })) {
      const candidate = paths.join(dir, file);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        continue;
      }
    }
  }
  return undefined;
}

/** What a person types: `eks-login` when that name on PATH is this very program, else its absolute path. */
export function resolveExecCommand(
  pathEnv: string | undefined,
  running: string,
  cwd: string,
  platform: Platform,
  pathExt?: string,
): string {
  const self = realOrSelf(platform.absolute(running, cwd));
  const found = onPath(pathEnv, 'eks-login', platform, pathExt);
  // The first hit is what the shell will run; it must be us.
  return found && realOrSelf(found) === self ? 'eks-login' : self;
}

/** `kubectl eks-login` runs bin/kubectl-eks_login; the entry names its sibling bin/eks-login, the same program. */
function canonicalScript(script: string): string {
  const sibling = script.replace(/kubectl-eks_login$/, 'eks-login');
  return sibling !== script && existsSync(sibling) ? sibling : script;
}

/** A script under npm's npx cache (`…/_npx/<hash>/node_modules/…`): `npm cache clean` or a new version removes it. */
export function isEphemeralScript(script: string): boolean {
  return /[\\/]_npx[\\/]/.test(script);
}

/**
 * What kubectl runs, by absolute paths so it works without the shell's PATH (GUI clients start kubectl with
 * PATH=/usr/bin:/bin, where `#!/usr/bin/env node` finds no node): node and this CLI script, on Linux and macOS
 * through `/bin/sh -c SHELL_LAUNCH`, which prints the entry's installHint instead of a Node.js stack trace once the
 * script is gone (kubeconfig/exec-launcher.ts); on Windows node itself runs that check (`node -e NODE_LAUNCH`). Node is named by the PATH entry that is this very node when
 * there is one (e.g. Homebrew's /opt/homebrew/bin/node, which survives `brew upgrade`), else by its real path. When
 * node or the script moves (a node upgrade under nvm), `eks-login doctor` says so and `eks-login setup` (or sync)
 * again writes the new paths.
 */
export function resolveExecLauncher(options: {
  pathEnv: string | undefined;
  running: string;
  cwd: string;
  platform: Platform;
  pathExt?: string | undefined;
  execPath?: string;
  env?: ExecEnvVar[];
}): ExecLauncher {
  const { platform } = options;
  const execPath = options.execPath ?? process.execPath;
  const script = canonicalScript(realOrSelf(platform.absolute(options.running, options.cwd)));
  const node = onPath(options.pathEnv, 'node', platform, options.pathExt);
  const nodeCommand = node && realOrSelf(node) === realOrSelf(execPath) ? node : execPath;
  const env = options.env ?? [];
  if (platform.shellLaunchers) {
    return { command: '/bin/sh', args: ['-c', SHELL_LAUNCH, INSTALL_HINT_SLOT, nodeCommand, script], env, script };
  }
  return { command: nodeCommand, args: ['-e', NODE_LAUNCH, INSTALL_HINT_SLOT, script], env, script };
}
