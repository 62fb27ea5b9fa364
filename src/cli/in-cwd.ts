// A path the user gave on the command line, resolved against the command's working directory (part of turning
// the flags into the command's input).
import { resolve } from 'node:path';

export function inCwd(cwd: string, file: string): string;
export function inCwd(cwd: string, file: string | undefined): string | undefined;
export function inCwd(cwd: string, file: string | undefined): string | undefined {
  return file === undefined ? undefined : resolve(cwd, file);
}
