// Atomic replacement of a user's file: temp file in the same directory, fsync, rename, fsync the
// directory. Keeps the file's mode (new files 0600, new directories 0700), follows a symlinked path to
// its target, and keeps one backup of the previous content next to it.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readdir, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TMP_MARK = '.eks-login-';

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

/** The real file behind a path (symlinks followed), or the path itself when it does not exist yet. */
export async function realTarget(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

/** Writes `text` to `path` atomically with `mode`. Leaves no temp file behind on failure. */
export async function writeFileAtomic(path: string, text: string, mode: number): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(path)}${TMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
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
export async function removeOrphanTemps(path: string): Promise<void> {
  const prefix = `.${basename(path)}${TMP_MARK}`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch (error) {
      alive = (error as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (!alive) await unlink(join(dirname(path), name)).catch(() => undefined);
  }
}

/** The mode of an existing file, or undefined. */
export async function modeOf(path: string): Promise<number | undefined> {
  const info = await stat(path).catch(() => undefined);
  return info ? info.mode & 0o7777 : undefined;
}
