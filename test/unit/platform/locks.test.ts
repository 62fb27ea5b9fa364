// Locks and pids decide the same way on Linux, macOS and Windows (issue: "Lock and pid checks must behave the
// same on all three"), through the platform module's rules with the platform injected: who holds a lock, when
// a lock may be taken over, and whether its holder still runs. Only Linux can tell a zombie from a live process
// (procfs); elsewhere the signal-0 probe decides alone.
import { describe, expect, it } from 'vitest';
import { lockHolder, lockIsStale, pidAlive, platformOf } from '../../../src/kernel/platform.js';

const PLATFORMS = ['linux', 'darwin', 'win32'] as const;
const ZOMBIE = '4242 (node worker (x)) Z 1 4242 4242 0 -1 4194564';
const RUNNING = '4242 (node worker (x)) S 1 4242 4242 0 -1 4194564';

describe.each(PLATFORMS)('locks and pids on %s', (name) => {
  const platform = platformOf(name);
  let procReads = 0;
  const stat = (text: string | undefined) => () => {
    procReads++;
    return text;
  };

  it("a missing process is dead, another user's is alive, an existing one is alive", () => {
    expect(pidAlive(platform, 'missing', stat(RUNNING))).toBe(false);
    expect(pidAlive(platform, 'denied', stat(ZOMBIE))).toBe(true);
    expect(pidAlive(platform, 'exists', stat(RUNNING))).toBe(true);
  });

  it(`a zombie holder is ${name === 'linux' ? 'dead (procfs says Z)' : 'alive: no procfs, the probe decides'}`, () => {
    procReads = 0;
    expect(pidAlive(platform, 'exists', stat(ZOMBIE))).toBe(name !== 'linux');
    expect(procReads).toBe(name === 'linux' ? 1 : 0); // procfs is never read where there is none
    // A Linux without /proc (some containers) trusts the probe.
    expect(pidAlive(platform, 'exists', stat(undefined))).toBe(true);
  });

  it('reads the holder of both lock formats, CRLF tolerated; nothing for an empty (kubectl) lock', () => {
    expect(lockHolder('123 laptop')).toEqual({ pid: 123, host: 'laptop' });
    expect(lockHolder('123\nlaptop\neks-login\n')).toEqual({ pid: 123, host: 'laptop' });
    expect(lockHolder('123\r\nlaptop\r\neks-login\r\n')).toEqual({ pid: 123, host: 'laptop' });
    expect(lockHolder('')).toBeUndefined();
    expect(lockHolder('abc laptop')).toBeUndefined();
    expect(lockHolder('-5 laptop')).toBeUndefined();
  });

  it('a lock is stale when its holder on this host is dead, never while it lives however old; else by age', () => {
    const facts = (alive: boolean, ageMs: number) => ({
      thisHost: 'laptop',
      alive: () => alive,
      ageMs,
      staleMs: 10_000,
    });
    const mine = { pid: 123, host: 'laptop' };
    expect(lockIsStale(mine, facts(false, 0))).toBe(true);
    expect(lockIsStale(mine, facts(true, 3_600_000))).toBe(false);
    // A holder on another host (a shared home directory): its pid means nothing here, so age decides.
    expect(lockIsStale({ pid: 123, host: 'build-server' }, facts(false, 5_000))).toBe(false);
    expect(lockIsStale({ pid: 123, host: 'build-server' }, facts(true, 11_000))).toBe(true);
    // No holder named (kubectl's empty lock): age decides.
    expect(lockIsStale(undefined, facts(false, 9_000))).toBe(false);
    expect(lockIsStale(undefined, facts(false, 11_000))).toBe(true);
  });
});
