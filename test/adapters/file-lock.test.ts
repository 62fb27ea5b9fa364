// The cross-process lock: mutual exclusion, bounded wait (exit 7 naming the lock), dead holders recovered.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquire, FileLocker } from '../../src/infra/fs/file-lock.js';
import { processAlive } from '../../src/infra/fs/process-alive.js';
import { platformOf } from '../../src/kernel/platform.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eks-login-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A zombie: `sh` forks a child that exits at once, then execs `sleep`, which never reaps it. */
async function startZombie(): Promise<{ pid: number; stop(): void }> {
  const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = Number(
    await new Promise<string>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()))),
  );
  for (let i = 0; i < 250 && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); i++)
    await new Promise((r) => setTimeout(r, 20));
  expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toMatch(/\) Z /);
  return { pid, stop: () => void parent.kill('SIGKILL') };
}

describe('FileLocker', () => {
  it('runs one holder at a time per key and removes its files afterwards', async () => {
    const locker = new FileLocker(join(dir, 'locks'));
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        locker.withLock('role-session/abc', async () => {
          maxInside = Math.max(maxInside, ++inside);
          await new Promise((r) => setTimeout(r, 20));
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(existsSync(locker.lockPath('role-session/abc'))).toBe(false);
    expect(locker.lockPath('role-session/abc')).toBe(join(dir, 'locks', 'role-session_abc.lock'));
  });

  it('gives up after the bounded wait with a StoreError (exit 7) naming the lock', async () => {
    const lockPath = join(dir, 'k.lock');
    const release = await acquire(lockPath);
    const started = Date.now();
    await expect(acquire(lockPath, { timeoutMs: 300 })).rejects.toMatchObject({
      exitCode: 7,
      code: 'LOCK_TIMEOUT',
      message: expect.stringContaining(lockPath),
    });
    expect(Date.now() - started).toBeLessThan(2000);
    await release();
  });

  it('recovers at once a lock whose holder process died', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    mkdirSync(join(dir, 'k.lock'));
    writeFileSync(join(dir, 'k.owner'), `${dead.pid} ${hostname()}`);
    // A live holder would keep it for the whole bound and well past it (stale after 10 s): taking it within the
    // bound is taking it because the holder is dead, however long the machine takes to get there.
    const release = await acquire(join(dir, 'k.lock'), { timeoutMs: 2000 });
    await release();
  });

  it('recovers at once a lock whose holder is a zombie (exited, never reaped by its parent)', async () => {
    const zombie = await startZombie();
    try {
      mkdirSync(join(dir, 'z.lock'));
      writeFileSync(join(dir, 'z.owner'), `${zombie.pid} ${hostname()}`);
      const release = await acquire(join(dir, 'z.lock'), { timeoutMs: 2000 });
      await release();
    } finally {
      zombie.stop();
    }
  });

  it('processAlive with the platform injected: the same answer on all three, but a zombie is dead only where procfs tells (Linux)', async () => {
    const zombie = await startZombie();
    const gone = spawn('true');
    await new Promise((r) => gone.once('exit', r));
    try {
      for (const name of ['linux', 'darwin', 'win32'] as const) {
        const platform = platformOf(name);
        expect(processAlive(process.pid, platform), name).toBe(true);
        expect(processAlive(gone.pid!, platform), name).toBe(false);
        expect(processAlive(zombie.pid, platform), name).toBe(name !== 'linux');
      }
    } finally {
      zombie.stop();
    }
  });

  it('recovers a lock whose heartbeat stopped (too old) and keeps a live one', async () => {
    mkdirSync(join(dir, 'old.lock'));
    const past = new Date(Date.now() - 60_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(join(dir, 'old.lock'), past, past);
    const release = await acquire(join(dir, 'old.lock'), { timeoutMs: 1000, staleMs: 5000 });
    await release();
    writeFileSync(join(dir, 'live.owner'), `${process.pid} ${hostname()}`);
    mkdirSync(join(dir, 'live.lock'));
    await expect(acquire(join(dir, 'live.lock'), { timeoutMs: 200, staleMs: 5000 })).rejects.toMatchObject({
      exitCode: 7,
    });
  });
});
