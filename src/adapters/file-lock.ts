// Cross-process single-flight lock: one lock per key in the cache directory, separate from the data.
// Built on proper-lockfile (atomic mkdir, mtime heartbeat so a live holder is never "stale", released on
// exit and on signals). We add what it lacks: a bounded wait that fails with StoreError (exit 7) naming the
// lock, and fast recovery from a holder that died (kill -9) by recording its pid beside the lock.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { StoreError } from '../errors.js';
import type { Locker, Logger } from '../ports.js';

export interface FileLockOptions {
  /** Longest wait for another holder, default 60 s (a holder may be waiting for an MFA code). */
  timeoutMs?: number;
  /** A lock whose heartbeat stopped this long ago is stale, default 10 s. */
  staleMs?: number;
  /** Poll interval while waiting, default 50 ms. */
  pollMs?: number;
  logger?: Logger;
}

/** Locks live in <dir>/<key>.lock (a directory) with the holder's pid in <dir>/<key>.owner. */
export class FileLocker implements Locker {
  constructor(
    private readonly dir: string,
    private readonly options: FileLockOptions = {},
  ) {}

  lockPath(key: string): string {
    return `${this.dir}/${key.replace(/[^\w.-]/g, '_')}.lock`;
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const release = await acquire(this.lockPath(key), this.options);
    try {
      return await fn();
    } finally {
      await release();
    }
  }
}

export async function acquire(lockPath: string, options: FileLockOptions = {}): Promise<() => Promise<void>> {
  const { timeoutMs = 60_000, staleMs = 10_000, pollMs = 50, logger } = options;
  const ownerPath = lockPath.replace(/\.lock$/, '') + '.owner';
  await mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      const release = await lockfile.lock(lockPath, {
        lockfilePath: lockPath,
        realpath: false,
        stale: staleMs,
        update: Math.min(1000, staleMs / 2),
        retries: 0,
        // Never throw from a timer: losing the lock only means another process may refresh too.
        onCompromised: (error) => logger?.debug(`lock ${lockPath} compromised: ${error.message}`),
      });
      await writeFile(ownerPath, `${process.pid} ${hostname()}`, { mode: 0o600 }).catch(() => undefined);
      return async () => {
        await rm(ownerPath, { force: true }).catch(() => undefined);
        await release().catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
        throw new StoreError(`cannot lock ${lockPath}: ${(error as Error).message}`, { cause: error });
      }
    }
    if (await holderIsDead(ownerPath)) {
      logger?.debug(`lock ${lockPath}: its holder is gone; recovering it`);
      await rm(ownerPath, { force: true }).catch(() => undefined);
      await rm(lockPath, { recursive: true, force: true }).catch(() => undefined);
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) {
      throw new StoreError(`waiting for the lock ${lockPath} timed out after ${Math.round(waited / 1000)} s: another eks-login process holds it`, {
        code: 'LOCK_TIMEOUT',
        hint: `if no other eks-login process is running, delete ${lockPath} and retry`,
      });
    }
    if (!told && waited > 2000) {
      told = true;
      logger?.debug(`waiting for another eks-login process to finish (lock ${lockPath})`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** True only when the owner file names a process on this host that no longer exists. */
async function holderIsDead(ownerPath: string): Promise<boolean> {
  const owner = await readFile(ownerPath, 'utf8').catch(() => '');
  const [pidText, host] = owner.split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || host !== hostname()) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') return false;
    // Re-read: a new holder may have taken the lock since.
    return (await readFile(ownerPath, 'utf8').catch(() => '')) === owner;
  }
}
