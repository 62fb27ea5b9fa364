// Runs the built CLI (bin/eks-login, built by `npm test`) as a real process with a clean environment:
// PATH plus what the test passes. A test that passes no HOME gets a throwaway one, so no child ever
// reads or writes the real home's kubeconfig, keychain file or cache.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'eks-login');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

let throwawayHome: string | undefined;

/** PATH, a HOME (the test's, else a throwaway one removed when the test process exits) and `env`. */
export function cliEnv(env: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  if (env.HOME === undefined && throwawayHome === undefined) {
    const home = mkdtempSync(join(tmpdir(), 'eks-login-test-home-'));
    process.once('exit', () => rmSync(home, { recursive: true, force: true }));
    throwawayHome = home;
  }
  return { PATH: process.env.PATH ?? '', HOME: throwawayHome, ...env };
}

/** Synchronous run. */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; input?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: cliEnv(options.env),
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Asynchronous run, for tests that start several processes at once; `stdin` is written and closed. */
export function runCliAsync(args: string[], options: { env?: Record<string, string | undefined>; stdin?: string; withoutTerminal?: boolean } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    // withoutTerminal: a session of its own (setsid), so /dev/tty cannot reach the terminal the tests run in.
    const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'], ...(options.withoutTerminal ? { detached: true } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
