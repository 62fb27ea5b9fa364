// The one atomic file writer (secrets, role-session index, token cache, setup records, kubeconfig and its
// backup): a temp file in the same directory, fsync, rename, fsync of the directory. A failure at any
// step (ENOSPC, EACCES, EROFS...) removes the temp file, so no secret ever stays in one; a writer killed
// between write and rename leaves a temp file that the next start-up of a store (and every logout)
// scrubs: `scrubOrphanTemps` removes our temp files whose writer process is gone.
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, open, readdir, readlink, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { processAlive } from './process-alive.js';

const TMP_MARK = '.eks-login-';
/** `.<name>.eks-login-<pid>-<hex>.tmp`, written by this module. */
const CURRENT_TEMP = /^\..+\.eks-login-(\d+)-[0-9a-f]+\.tmp$/;
/** `<name>.<pid>.<hex>.tmp`, written by eks-login 0.1's private-file writer (may hold secrets). */
const LEGACY_TEMP = /^.+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

/**
 * The real file behind a path (symlinks followed). A dangling symlink (a dotfiles target not created yet)
 * resolves to the path it points at, so writing creates that target instead of replacing the link; a
 * path that does not exist is itself.
 */
export async function realTarget(path: string): Promise<string> {
  const real = await realpath(path).catch(() => undefined);
  if (real) return real;
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    const info = await lstat(current).catch(() => undefined);
    if (!info?.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  return current;
}

/**
 * A temp file name beside `path` in this module's pattern (`.<name>.eks-login-<pid>-<hex>.tmp`), so that
 * `removeOrphanTemps(path)` also finds what a killed process left, probes included.
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}${TMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Whether a new file can be created beside `path` (tried with a probe file named after it, removed again). */
export async function canCreateBeside(path: string): Promise<boolean> {
  const probe = tempPathFor(path);
  try {
    await (await open(probe, 'wx', 0o600)).close();
    return true;
  } catch {
    return false;
  } finally {
    await unlink(probe).catch(() => undefined);
  }
}

/** Writes `text` to `path` atomically with `mode` (directories created 0700). Leaves no temp file behind on failure. */
export async function writeFileAtomic(path: string, text: string, mode: number): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = tempPathFor(path);
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close().catch(() => undefined);
    }
    await chmod(tmp, mode); // the umask may have narrowed it
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await fsyncDir(dir);
}

/** Removes temp files a killed writer left next to `path` (their pid is gone). */
export async function removeOrphanTemps(path: string): Promise<number> {
  const prefix = `.${basename(path)}${TMP_MARK}`;
  return scrubOrphanTemps(dirname(path), { only: (name) => name.startsWith(prefix) });
}

/**
 * Removes the temp files of ours in `dir` whose writer is no longer running and returns how many.
 * `legacy` also matches the names eks-login 0.1 used (`<name>.<pid>.<hex>.tmp`): only for our private
 * directories, never for a user's directory where another tool's temp files may look alike. Never
 * throws: a directory that cannot be read has nothing we could remove.
 */
export async function scrubOrphanTemps(
  dir: string,
  options: { legacy?: boolean; only?: (name: string) => boolean } = {},
): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith('.tmp') || (options.only && !options.only(name))) continue;
    const match = CURRENT_TEMP.exec(name) ?? (options.legacy ? LEGACY_TEMP.exec(name) : null);
    const pid = Number(match?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || processAlive(pid)) continue;
    try {
      await unlink(join(dir, name));
      removed++;
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

/** The mode of an existing file, or undefined. */
export async function modeOf(path: string): Promise<number | undefined> {
  const info = await stat(path).catch(() => undefined);
  return info ? info.mode & 0o7777 : undefined;
}
