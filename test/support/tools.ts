// External tools the tests need (kubectl, moto, gnome-keyring...). In CI (CI=true) a missing tool is a
// failure; on a developer laptop the tests that need it are skipped with a visible reason.
import { spawnSync } from 'node:child_process';

export interface ToolCheck {
  available: boolean;
  reason: string;
}

const cache = new Map<string, ToolCheck>();

/** Checks that `command args…` runs and exits 0. */
export function checkTool(
  name: string,
  command: string,
  args: string[] = ['--version'],
  timeoutMs = 20_000,
): ToolCheck {
  const key = `${command} ${args.join(' ')}`;
  const known = cache.get(key);
  if (known) return known;
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: timeoutMs });
  const check: ToolCheck =
    result.status === 0
      ? { available: true, reason: '' }
      : {
          available: false,
          reason: `${name} is not available (${command} ${args.join(' ')}: ${result.error?.message ?? `exit ${result.status}`})`,
        };
  cache.set(key, check);
  return check;
}

/**
 * Returns true when the tool is usable. When it is not: in CI throws (the suite must fail), elsewhere
 * prints a visible skip notice and returns false so the caller can `describe.skipIf(!ok)`.
 */
export function requireTool(
  name: string,
  command: string,
  args: string[] = ['--version'],
  timeoutMs?: number,
): boolean {
  const check = checkTool(name, command, args, timeoutMs);
  if (check.available) return true;
  if (process.env.CI === 'true') throw new Error(`CI requires ${check.reason}; .ci/run should install it`);
  console.warn(`SKIP: ${check.reason}; the tests that need it are skipped on this machine`);
  return false;
}

export const hasKubectl = (): boolean => requireTool('kubectl', 'kubectl', ['version', '--client']);
export const hasMoto = (): boolean => requireTool('moto', 'python3', ['-c', 'import moto.server']);
/** cfn-lint (Python) starts slowly on a loaded machine. */
export const hasCfnLint = (): boolean => requireTool('cfn-lint', 'cfn-lint', ['--version'], 120_000);
export const hasOpenssl = (): boolean => requireTool('openssl', 'openssl', ['version']);
export const hasZsh = (): boolean => requireTool('zsh', 'zsh', ['--version']);
export const hasFish = (): boolean => requireTool('fish', 'fish', ['--version']);
