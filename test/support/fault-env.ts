// Hostile environments for process tests, built from real kernel features: a user without a password-
// database entry (a user namespace mapping an unknown uid), and file systems that are full or read-only
// (a small tmpfs in a private mount namespace). Works as root and as an ordinary user (unprivileged
// user namespaces); without them the tests that need it are skipped (in CI: a failure).
import { spawnSync } from 'node:child_process';
import { requireTool } from './tools.js';

/** uid/gid no passwd entry names (checked by the tests that rely on it). */
export const UNKNOWN_UID = 54_322;

export const hasUserNamespaces = (): boolean =>
  requireTool('unprivileged user namespaces (unshare)', 'unshare', ['--user', '--map-root-user', '--mount', 'true']);

/** Prefix: run the rest of the command as UNKNOWN_UID, which no passwd entry names. */
export function asUserWithoutPasswdEntry(command: string, args: string[]): [string, string[]] {
  return ['unshare', ['--user', `--map-user=${UNKNOWN_UID}`, `--map-group=${UNKNOWN_UID}`, command, ...args]];
}

/**
 * Prefix: mount a tmpfs of `sizeKb` over `dir`, run `seed` (shell) in it, make it read-only when asked,
 * run the command, then `after` (shell; e.g. list what is left into a file outside the mount). The exit
 * code is the command's. The mount lives only in the command's private mount namespace.
 */
export function onTmpfs(
  dir: string,
  options: { sizeKb: number; readOnly?: boolean; seed?: string; after?: string },
  command: string,
  args: string[],
): [string, string[]] {
  const quoted = [command, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = [
    `mount -t tmpfs -o size=${options.sizeKb}k,mode=0700 tmpfs '${dir}' || exit 99`,
    options.seed || ':',
    options.readOnly ? `mount -o remount,ro '${dir}' || exit 99` : ':',
    `${quoted}; rc=$?`,
    options.after || ':',
    'exit $rc',
  ].join('\n');
  return ['unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script]];
}

/** Shell: fill the file system holding `dir` (the seed of a "disk full" test). */
export const fillUp = (dir: string): string => `cat /dev/zero > '${dir}/.fill' 2>/dev/null; true`;

/** True when `getent passwd UNKNOWN_UID` finds nothing. */
export function uidIsUnknown(): boolean {
  return spawnSync('getent', ['passwd', String(UNKNOWN_UID)]).status === 2;
}
