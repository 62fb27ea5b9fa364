// Whether a path in one of our private directories is ours alone: the directory (it may be a symlink to a
// private directory of ours) and the file itself (never a link), owned by this user, no group or other bits.
// Only node:fs: the warm path checks the token cache and its code cache with it on every kubectl call.
import { lstatSync, statSync, type Stats } from 'node:fs';

/** `posixModes` (kernel/platform.ts): false on Windows, which has no modes to check (the profile's ACL protects the files). */
export interface CacheFileRules {
  posixModes: boolean;
}

/** Throws what statSync/lstatSync throw (a missing path): the callers treat that as a miss. */
export function isPrivate(path: string, kind: 'dir' | 'file', rules: CacheFileRules): boolean {
  return isPrivateStat(kind === 'dir' ? statSync(path) : lstatSync(path), kind, rules);
}

/** The same rule on a stat the caller made (statSync for a directory, lstatSync for a file). */
export function isPrivateStat(stat: Stats, kind: 'dir' | 'file', rules: CacheFileRules): boolean {
  const rightKind = kind === 'dir' ? stat.isDirectory() : stat.isFile();
  return rightKind && ownedByMe(stat.uid) && (!rules.posixModes || (stat.mode & 0o077) === 0);
}

export function ownedByMe(uid: number): boolean {
  return typeof process.getuid !== 'function' || process.getuid() === uid;
}
