// Vitest setup file (vitest.config.ts): holds every test to loopback. The worker loads loopback-guard.cjs
// itself, and every process a test starts gets it through NODE_OPTIONS, even when the test passes an
// environment of its own (the child_process functions are wrapped to add it). Whatever the guard refused, in
// the worker or in any child, fails the test that was running, naming the host.
import * as childProcess from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const GUARD = join(import.meta.dirname, 'loopback-guard.cjs');
const PRELOAD = `--require ${JSON.stringify(GUARD)}`;
const LOG = join(tmpdir(), `eks-login-test-offnet-${process.pid}.log`);

createRequire(import.meta.url)(GUARD);

type Env = Record<string, string | undefined>;
const withGuard = (env: Env): Env => ({
  ...env,
  NODE_OPTIONS: env.NODE_OPTIONS?.includes(GUARD)
    ? env.NODE_OPTIONS
    : [env.NODE_OPTIONS, PRELOAD].filter(Boolean).join(' '),
  EKS_LOGIN_TEST_OFFNET_LOG: LOG,
});
Object.assign(process.env, withGuard(process.env));

// spawn(cmd, [args], [options]) and friends: an explicit `env` gets the preload too.
type AnyFn = (...args: unknown[]) => unknown;
const cp = createRequire(import.meta.url)('node:child_process') as Record<string, AnyFn>;
if (!(cp.spawn as { guarded?: boolean }).guarded) {
  for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync', 'exec', 'execSync', 'fork'] as const) {
    const original = cp[name]!;
    const wrapped = (...args: unknown[]) => {
      const at = args.findIndex((a, i) => i > 0 && a !== null && typeof a === 'object' && !Array.isArray(a));
      if (at > 0) {
        const options = args[at] as { env?: Env };
        if (options.env) args[at] = { ...options, env: withGuard(options.env) };
      }
      return original(...args);
    };
    cp[name] = Object.assign(wrapped, { guarded: true });
  }
  syncBuiltinESMExports();
}
void childProcess; // the ESM view of the module is refreshed by syncBuiltinESMExports

function checkLog(): void {
  if (!existsSync(LOG)) return;
  const text = readFileSync(LOG, 'utf8').trim();
  rmSync(LOG, { force: true });
  if (text) throw new Error(`a test left loopback (the loopback guard refused it):\n${text}`);
}
afterEach(checkLog);
afterAll(checkLog);
