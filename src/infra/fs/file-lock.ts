// Cross-process single-flight lock: one lock per key in the cache directory, separate from the data.
// Built on proper-lockfile (atomic mkdir, mtime heartbeat so a live holder is never "stale", released on
// exit and on signals). We add what it lacks: a bounded wait that fails with StoreError (exit 7) naming the
// lock, and fast recovery from a holder that died (kill -9) by recording its pid beside the lock.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { isEksLoginError, NetworkError, StoreError, type EksLoginError } from '../../kernel/errors.js';
import type { Locker, Logger } from '../../kernel/ports.js';
import { processAlive } from './process-alive.js';
import { lockHolder, lockIsStale } from '../../kernel/platform.js';

export interface FileLockOptions {
  /** Longest wait for another holder, default 60 s (a holder may be waiting for an MFA code). */
  timeoutMs?: number;
  /** A lock whose heartbeat stopped this long ago is stale, default 10 s. */
  staleMs?: number;
  /** Poll interval while waiting, default 50 ms. */
  pollMs?: number;
  logger?: Logger;
  /** Called once when the lock is held by another process (the caller will wait). */
  onWait?: () => void;
}

/**
 * Locks live in <dir>/<key>.lock (a directory) with the holder's pid in <dir>/<key>.owner. When the holder's
 * work fails with a network error (exit 6, e.g. a silent STS after its deadline), it leaves that error in
 * <dir>/<key>.failed; a process that waited for the lock meanwhile fails with the same error instead of
 * asking the same endpoint again (so every waiter answers within the holder's deadline).
 */
export class FileLocker implements Locker {
  constructor(
    private readonly dir: string,
    private readonly options: FileLockOptions = {},
  ) {}

  lockPath(key: string): string {
    return `${this.dir}/${key.replace(/[^\w.-]/g, '_')}.lock`;
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const lockPath = this.lockPath(key);
    const failedPath = lockPath.replace(/\.lock$/, '') + '.failed';
    const since = Date.now();
    let waited = false;
    let release: () => Promise<void>;
    try {
      release = await acquire(lockPath, { ...this.options, onWait: () => (waited = true) });
    } catch (error) {
      // An unwritable cache directory (root-owned after `sudo -E`, read-only, full) must not stop the
      // refresh: without the lock two processes may both refresh, which is only wasteful.
      if (!(error instanceof StoreError) || error.code !== 'LOCK_UNAVAILABLE') throw error;
      this.options.logger?.warn(`${error.message}; continuing without the cross-process lock`);
      return fn();
    }
    try {
      if (waited) {
        const shared = await readSharedFailure(failedPath, since);
        if (shared) {
          this.options.logger?.debug(`the eks-login process that held ${lockPath} failed meanwhile; giving its answer`);
          throw shared;
        }
      }
      const result = await fn();
      await rm(failedPath, { force: true }).catch(() => undefined);
      return result;
    } catch (error) {
      if (isEksLoginError(error) && error instanceof NetworkError) await writeSharedFailure(failedPath, error);
      throw error;
    } finally {
      await release();
    }
  }
}

export async function acquire(lockPath: string, options: FileLockOptions = {}): Promise<() => Promise<void>> {
  const { timeoutMs = 60_000, staleMs = 10_000, pollMs = 50, logger } = options;
  const ownerPath = lockPath.replace(/\.lock$/, '') + '.owner';
  try {
    await mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw unavailable(lockPath, error);
  }
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
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw unavailable(lockPath, error);
    }
    if (!told && options.onWait) options.onWait();
    if (await holderIsDead(ownerPath)) {
      logger?.debug(`lock ${lockPath}: its holder is gone; recovering it`);
      await rm(ownerPath, { force: true }).catch(() => undefined);
      await rm(lockPath, { recursive: true, force: true }).catch(() => undefined);
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) {
      const holder = await liveHolder(ownerPath);
      throw new StoreError(
        `waiting for the lock ${lockPath} timed out after ${Math.round(waited / 1000)} s: ${holder ? `eks-login process ${holder} holds it` : 'another eks-login process holds it'}`,
        {
          code: 'LOCK_TIMEOUT',
          hint: holder
            ? `process ${holder} is still running (waiting for an MFA code, or for AWS): finish or end it, then retry; do not delete the lock of a live process`
            : `if no other eks-login process is running, delete ${lockPath} and retry`,
        },
      );
    }
    if (!told && waited > 2000) {
      told = true;
      logger?.debug(`waiting for another eks-login process to finish (lock ${lockPath})`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function unavailable(lockPath: string, error: unknown): StoreError {
  return new StoreError(`cannot lock ${lockPath}: ${(error as Error).message}`, {
    code: 'LOCK_UNAVAILABLE',
    cause: error,
  });
}

/**
 * True only when the owner file names a process on this host that no longer exists (or is a zombie); a lock
 * without a readable owner is left to proper-lockfile's heartbeat staleness (kernel/platform.ts's rules).
 */
async function holderIsDead(ownerPath: string): Promise<boolean> {
  const owner = await readFile(ownerPath, 'utf8').catch(() => '');
  const holder = lockHolder(owner);
  if (
    !holder ||
    !lockIsStale(holder, { thisHost: hostname(), alive: (pid) => processAlive(pid), ageMs: 0, staleMs: Infinity })
  )
    return false;
  // Re-read: a new holder may have taken the lock since.
  return (await readFile(ownerPath, 'utf8').catch(() => '')) === owner;
}

/** The pid of a holder known to be alive on this host, else undefined. */
async function liveHolder(ownerPath: string): Promise<number | undefined> {
  const holder = lockHolder(await readFile(ownerPath, 'utf8').catch(() => ''));
  if (!holder || holder.host !== hostname()) return undefined;
  return processAlive(holder.pid) ? holder.pid : undefined;
}

interface SharedFailure {
  at: number;
  message: string;
  code: string;
  hint?: string;
}

async function writeSharedFailure(path: string, error: EksLoginError): Promise<void> {
  const record: SharedFailure = {
    at: Date.now(),
    message: error.message,
    code: error.code,
    ...(error.hint ? { hint: error.hint } : {}),
  };
  await writeFile(path, JSON.stringify(record), { mode: 0o600 }).catch(() => undefined);
}

/** The failure a holder left after `since` (while this process waited), as the same NetworkError. */
async function readSharedFailure(path: string, since: number): Promise<NetworkError | undefined> {
  try {
    const record = JSON.parse(await readFile(path, 'utf8')) as SharedFailure;
    if (typeof record.at !== 'number' || record.at < since || typeof record.message !== 'string') return undefined;
    return new NetworkError(record.message, { code: record.code, ...(record.hint ? { hint: record.hint } : {}) });
  } catch {
    return undefined;
  }
}
