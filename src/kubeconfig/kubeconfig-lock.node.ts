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

/** Stale: our own format with a dead pid on this host, or older than staleMs (kubectl's locks are empty). */
async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    return lockIsStale(lockHolder(text), {
      thisHost: hostname(),
      alive: (pid) => processAlive(pid),
      ageMs: Date.now() - info.mtimeMs,
      staleMs,
    });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
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
    if (await isStale(lockPath, options.staleMs ?? 10_000)) {
      await unlink(lockPath).catch(() => undefined);
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
