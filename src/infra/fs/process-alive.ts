// Whether a process that left a lock or a temp file behind still runs: the signal-0 probe and, on Linux,
// /proc/<pid>/stat, decided by the platform module's one rule (kernel/platform.ts, pidAlive) so the same
// answer holds on Linux, macOS and Windows. A zombie (exited, not yet reaped by its parent: e.g. a child of a
// shell that is itself stuck) answers kill(pid, 0) but will never release anything, so it counts as dead.
import { readFileSync } from 'node:fs';
import { pidAlive, type PidProbe, type Platform } from '../../kernel/platform.js';

/**
 * `platform` (injected by tests for linux, darwin and win32): without it procfs is tried, and where there is none
 * (macOS, Windows) its read fails and the probe decides, as the platform's own rule says.
 */
export function processAlive(pid: number, platform: Pick<Platform, 'procfs'> = { procfs: true }): boolean {
  return pidAlive(platform, probe(pid), () => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return undefined;
    }
  });
}

function probe(pid: number): PidProbe {
  try {
    process.kill(pid, 0);
    return 'exists';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? 'denied' : 'missing';
  }
}
