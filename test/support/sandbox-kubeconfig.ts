// Writes a kubeconfig for a sandbox cluster and runs the real kubectl against it.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxCluster } from '../../packages/sandbox/src/index.js';

export type KubeUserEntry = { token: string } | { exec: { apiVersion: string; command: string; args: string[]; env?: Array<{ name: string; value: string }>; interactiveMode?: string } };

/** A one-context kubeconfig (context `sandbox`) for `cluster`, in `dir`. */
export function writeKubeconfig(dir: string, cluster: SandboxCluster, user: KubeUserEntry, name = 'kubeconfig'): string {
  const path = join(dir, name);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster.name, cluster: { server: cluster.endpoint, 'certificate-authority-data': Buffer.from(cluster.caPem).toString('base64') } }],
    users: [{ name: 'sandbox-user', user }],
    contexts: [{ name: 'sandbox', context: { cluster: cluster.name, user: 'sandbox-user', namespace: 'default' } }],
    'current-context': 'sandbox',
  };
  writeFileSync(path, JSON.stringify(config, null, 2), { mode: 0o600 });
  return path;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without a shell and collects its output (never rejects on a non-zero exit). */
export function runProcess(command: string, args: string[], env: Record<string, string | undefined>, timeoutMs = 30_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
