// Runs the built CLI (bin/eks-login) as a real process with a controlled environment.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'eks-login');

export interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns `node bin/eks-login …args` with exactly `env` (plus PATH), optional stdin text. */
export function runBin(args: string[], env: Record<string, string | undefined>, stdin = ''): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
