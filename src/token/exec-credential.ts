// The kubectl exec-credential protocol (docs/token.md, "Output and `KUBERNETES_EXEC_INFO`"): read KUBERNETES_EXEC_INFO, write one ExecCredential.
import { ConfigError, UsageError } from '../kernel/errors.js';
import { EXEC_API_V1, EXEC_API_V1ALPHA1, EXEC_API_V1BETA1 } from './constants.js';

export type ExecApiVersion = typeof EXEC_API_V1 | typeof EXEC_API_V1BETA1;

export interface ExecInfo {
  apiVersion: ExecApiVersion;
  /** spec.interactive: kubectl connected its terminal to our stdin (false when absent). */
  interactive: boolean;
  /** spec.cluster.server when the kubeconfig sets provideClusterInfo: true. */
  clusterServer?: string;
}

/**
 * Parses KUBERNETES_EXEC_INFO. Unset or empty → v1beta1, not interactive. v1 and v1beta1 are echoed;
 * v1alpha1 is a usage error (exit 2: the kubeconfig is outdated); anything malformed is exit 3.
 */
export function parseExecInfo(raw: string | undefined): ExecInfo {
  if (raw === undefined || raw.trim() === '') return { apiVersion: EXEC_API_V1BETA1, interactive: false };
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (error) {
    throw malformed(`not JSON (${(error as Error).message})`);
  }
  if (!isRecord(doc)) throw malformed('not a JSON object');
  if (doc.kind !== undefined && doc.kind !== 'ExecCredential')
    throw malformed(`kind is ${JSON.stringify(doc.kind)}, expected ExecCredential`);
  const apiVersion = doc.apiVersion;
  if (apiVersion === EXEC_API_V1ALPHA1) {
    throw new UsageError(
      `unsupported exec apiVersion ${EXEC_API_V1ALPHA1}: the kubeconfig user entry is outdated (kubectl ≥ 1.24 removed it)`,
      {
        code: 'EXEC_API_VERSION_OUTDATED',
        hint: 'run `eks-login setup <bundle.json>` again to rewrite the kubeconfig with client.authentication.k8s.io/v1beta1',
      },
    );
  }
  if (apiVersion !== EXEC_API_V1 && apiVersion !== EXEC_API_V1BETA1) {
    throw malformed(
      `apiVersion is ${apiVersion === undefined ? 'missing' : JSON.stringify(apiVersion)}, expected ${EXEC_API_V1} or ${EXEC_API_V1BETA1}`,
    );
  }
  const spec = doc.spec === undefined ? {} : doc.spec;
  if (!isRecord(spec)) throw malformed('spec is not an object');
  if (spec.interactive !== undefined && typeof spec.interactive !== 'boolean')
    throw malformed('spec.interactive is not a boolean');
  const cluster = spec.cluster;
  if (cluster !== undefined && !isRecord(cluster)) throw malformed('spec.cluster is not an object');
  const server = cluster?.server;
  if (server !== undefined && typeof server !== 'string') throw malformed('spec.cluster.server is not a string');
  return { apiVersion, interactive: spec.interactive === true, ...(server ? { clusterServer: server } : {}) };
}

/** One compact ExecCredential JSON document (no trailing newline). */
export function buildExecCredential(apiVersion: ExecApiVersion, token: string, expirationTimestamp: string): string {
  return JSON.stringify({ kind: 'ExecCredential', apiVersion, spec: {}, status: { expirationTimestamp, token } });
}

function malformed(why: string): ConfigError {
  return new ConfigError(`invalid KUBERNETES_EXEC_INFO: ${why}`, {
    code: 'EXEC_INFO_INVALID',
    hint: 'KUBERNETES_EXEC_INFO is set by kubectl; unset it when running `eks-login token` by hand',
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
