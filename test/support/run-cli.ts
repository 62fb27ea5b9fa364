// Runs the built CLI (bin/eks-login, built by `npm test`) as a real process.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'eks-login');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Synchronous run with a clean environment plus `env` (HOME etc. must be passed by the test). */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; input?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...options.env },
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Asynchronous run, for tests that start several processes at once. */
export function runCliAsync(args: string[], options: { env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
