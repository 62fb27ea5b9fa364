// Whether a process that left a lock or a temp file behind still runs. A zombie (exited, not yet reaped
// by its parent: e.g. a child of a shell that is itself stuck) answers kill(pid, 0) but will never release
// anything, so it counts as dead; on Linux /proc/<pid>/stat says so (state Z or X).
import { readFileSync } from 'node:fs';

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false; // no procfs (macOS): trust kill(pid, 0)
  }
  // "<pid> (<comm>) <state> …": comm may hold spaces and parentheses, so read after the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}
