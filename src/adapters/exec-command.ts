// The `command` setup writes into kubeconfig: `eks-login` when that name on PATH is this very program,
// else the absolute path of the running executable (so kubectl finds it either way).
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export function resolveExecCommand(pathEnv: string | undefined, running: string, cwd: string): string {
  const self = realOrSelf(isAbsolute(running) ? running : resolve(cwd, running));
  for (const dir of (pathEnv ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'eks-login');
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    // The first hit is what kubectl will run; it must be us.
    return realOrSelf(candidate) === self ? 'eks-login' : self;
  }
  return self;
}
