// Where kubectl finds an exec plugin: a command with a '/' is a path (relative ones are resolved against
// the kubeconfig file's directory, as client-go does); a bare name is looked up on PATH.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, dirname, isAbsolute, join } from 'node:path';

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function findExecutable(
  command: string,
  kubeconfigFile: string,
  pathVariable: string | undefined,
): Promise<string | null> {
  if (/[\\/]/.test(command)) {
    const path = isAbsolute(command) ? command : join(dirname(kubeconfigFile), command);
    return (await isExecutableFile(path)) ? path : null;
  }
  for (const dir of (pathVariable ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}
