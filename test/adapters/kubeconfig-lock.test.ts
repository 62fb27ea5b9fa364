// The client-go kubeconfig lock (`<file>.lock`) under contention: never two holders at once. A waiter that
// finds the lock gone (released between its create and its look) must not remove the path, since another
// writer may already hold a new lock there; that is how concurrent setups lost a bundle's contexts.
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withKubeconfigLock } from '../../src/kubeconfig/kubeconfig-lock.node.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('withKubeconfigLock', () => {
  it('lets one holder in at a time among 20 concurrent writers, ten rounds, and leaves no lock', async () => {
    const file = join(tempDir(), 'config');
    let inside = 0;
    let most = 0;
    let done = 0;
    for (let round = 0; round < 10; round += 1) {
      await Promise.all(
        Array.from({ length: 20 }, () =>
          withKubeconfigLock(
            file,
            async () => {
              inside += 1;
              most = Math.max(most, inside);
              for (let i = 0; i < 3; i += 1) await tick();
              inside -= 1;
              done += 1;
            },
            { timeoutMs: 30_000 },
          ),
        ),
      );
    }
    expect(done).toBe(200);
    expect(most).toBe(1);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('takes over a stale lock (a dead holder on this host) and removes it after', async () => {
    const file = join(tempDir(), 'config');
    writeFileSync(`${file}.lock`, '999999999\nnot-this-host\n');
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, minuteAgo, minuteAgo);
    let ran = false;
    await withKubeconfigLock(file, async () => void (ran = true), { timeoutMs: 2_000, staleMs: 200 });
    expect(ran).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
