// client-go's kubeconfig lock: `<file>.lock` created with O_EXCL while a writer holds the file, removed
// afterwards (kubectl does the same, so the two never write at once). Hand-written because lock
// libraries use their own conventions (mkdir or flock), which kubectl would not see.
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { StoreError } from '../kernel/errors.js';
import { tempPathFor } from '../infra/fs/atomic-file.js';
import { processAlive } from '../infra/fs/process-alive.js';
import { lockHolder, lockIsStale } from '../kernel/platform.js';

export interface LockOptions {
  /** How long to wait for another writer (default 10 s). */
  timeoutMs?: number;
  /** A lock without a live owner we can check is stale after this age (default 10 s). */
  staleMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a waiter finds at `<file>.lock`: a live holder's lock, no lock any more, or a stale one (its inode). */
type LockState = { kind: 'held' } | { kind: 'gone' } | { kind: 'stale'; file: FileIdentity };

/** Tells one lock file from a later one at the same path (an inode number may be reused at once; its ctime is not). */
type FileIdentity = { ino: number; ctimeMs: number };

/** Stale: our own format with a dead pid on this host, or older than staleMs (kubectl's locks are empty). */
async function lockState(lockPath: string, staleMs: number): Promise<LockState> {
  try {
    const [text, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    const stale = lockIsStale(lockHolder(text), {
      thisHost: hostname(),
      alive: (pid) => processAlive(pid),
      ageMs: Date.now() - info.mtimeMs,
      staleMs,
    });
    return stale ? { kind: 'stale', file: { ino: info.ino, ctimeMs: info.ctimeMs } } : { kind: 'held' };
  } catch (error) {
    // Released between our create and this look: try to create it again. Never unlink here: by now another
    // writer may hold a new lock at the same path, and removing it would let two writers in at once.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    throw error;
  }
}

/**
 * Removes a stale lock, unless the path meanwhile holds another file (a waiter removed the stale one and took
 * the lock first): that one is a live writer's.
 */
async function removeStale(lockPath: string, file: FileIdentity): Promise<void> {
  const now = await stat(lockPath).catch(() => undefined);
  if (now?.ino === file.ino && now.ctimeMs === file.ctimeMs) await unlink(lockPath).catch(() => undefined);
}

/**
 * Creates the lock with its content in one step: the content goes to a temp file that is then hard-linked
 * to `<file>.lock` (link fails with EEXIST like O_EXCL). A writer killed at any moment never leaves an
 * empty lock of ours behind, so the dead-pid check always applies.
 */
async function tryCreate(lockPath: string): Promise<boolean> {
  const temp = tempPathFor(lockPath); // atomic-file's naming, so its scrubber removes what a killed writer left
  try {
    const content = `${process.pid}\n${hostname()}\neks-login\n`;
    await writeFile(temp, content, { mode: 0o600, flag: 'wx' });
    await link(temp, lockPath).catch(async (error: NodeJS.ErrnoException) => {
      // File systems without hard links: plain O_EXCL, as client-go does.
      if (error.code !== 'EPERM' && error.code !== 'ENOTSUP' && error.code !== 'ENOSYS') throw error;
      await writeFile(lockPath, content, { mode: 0o600, flag: 'wx' });
    });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StoreError(`cannot lock kubeconfig: creating ${lockPath} failed: ${(error as Error).message}`, {
      code: 'KUBECONFIG_LOCK',
      hint: `check that the directory of ${lockPath} is writable`,
      cause: error,
    });
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Runs fn while holding `<file>.lock`. StoreError (exit 7) when another writer holds it too long. */
export async function withKubeconfigLock<T>(file: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lockPath = `${file}.lock`;
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let delay = 5;
  while (!(await tryCreate(lockPath))) {
    const state = await lockState(lockPath, options.staleMs ?? 10_000).catch(() => ({ kind: 'held' }) as const);
    if (state.kind === 'gone') continue;
    if (state.kind === 'stale') {
      await removeStale(lockPath, state.file);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new StoreError(`cannot lock kubeconfig ${file}: ${lockPath} is held by another process`, {
        code: 'KUBECONFIG_LOCKED',
        hint: `wait for the other kubectl/eks-login to finish; if none is running, delete ${lockPath}`,
      });
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 100);
  }
  try {
    return await fn();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}
