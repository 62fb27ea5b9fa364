// Writes a kubeconfig for a sandbox cluster (run kubectl against it with run-process.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxCluster } from '../../packages/sandbox/src/index.js';

export type KubeUserEntry =
  | { token: string }
  | {
      exec: {
        apiVersion: string;
        command: string;
        args: string[];
        env?: Array<{ name: string; value: string }>;
        interactiveMode?: string;
      };
    };

/** A one-context kubeconfig (context `sandbox`) for `cluster`, in `dir`. */
export function writeKubeconfig(
  dir: string,
  cluster: SandboxCluster,
  user: KubeUserEntry,
  name = 'kubeconfig',
): string {
  const path = join(dir, name);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: cluster.name,
        cluster: {
          server: cluster.endpoint,
          'certificate-authority-data': Buffer.from(cluster.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: 'sandbox-user', user }],
    contexts: [{ name: 'sandbox', context: { cluster: cluster.name, user: 'sandbox-user', namespace: 'default' } }],
    'current-context': 'sandbox',
  };
  writeFileSync(path, JSON.stringify(config, null, 2), { mode: 0o600 });
  return path;
}
