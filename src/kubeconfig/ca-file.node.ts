// The CA of a resolved cluster: its certificate-authority-data, else the file certificate-authority names
// (relative to the kubeconfig file that holds it, as kubectl reads it).
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { ConfigError } from '../kernel/errors.js';
import type { ResolvedContext } from './resolve-context.js';

/** The PEM text, or undefined when the cluster names no CA. */
export async function readClusterCa(cluster: ResolvedContext['cluster']): Promise<string | undefined> {
  if (cluster.certificateAuthorityData) return Buffer.from(cluster.certificateAuthorityData, 'base64').toString('utf8');
  if (!cluster.certificateAuthority) return undefined;
  const path = isAbsolute(cluster.certificateAuthority)
    ? cluster.certificateAuthority
    : join(dirname(cluster.file), cluster.certificateAuthority);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the CA file ${path} of cluster ${cluster.name}: ${(error as Error).message}`, {
      cause: error,
      hint: 're-run `eks-login setup <bundle.json>`',
    });
  }
}
