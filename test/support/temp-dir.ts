// Temporary directories for tests that touch the real file system; removed after each test.
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** Returns a function that makes a fresh temp dir; all are removed after each test. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) {
      try {
        chmodSync(dir, 0o700);
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-login-test-'));
    made.push(dir);
    return dir;
  };
}

/** A kubeconfig with `count` foreign clusters, users and contexts (kubectl layout). */
export function largeForeignKubeconfig(count: number): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (let i = 0; i < count; i++) lines.push(`- cluster:\n    server: https://10.0.${Math.floor(i / 250)}.${i % 250}:6443\n    certificate-authority-data: QUJD\n  name: cluster-${i}`);
  lines.push('contexts:');
  for (let i = 0; i < count; i++) lines.push(`- context:\n    cluster: cluster-${i}\n    user: user-${i}\n    namespace: ns-${i}\n  name: context-${i}`);
  lines.push('current-context: context-0', 'preferences: {}', 'users:');
  for (let i = 0; i < count; i++) lines.push(`- name: user-${i}\n  user:\n    token: token-${i}`);
  return `${lines.join('\n')}\n`;
}
