// Resolves a context across the kubeconfig files (kubectl's first-wins merge) into what a client needs:
// the cluster's server and CA, and the user's exec plugin. Used by whoami and doctor.
import { ConfigError } from '../kernel/errors.js';
import { isRecord } from '../kernel/is-record.js';
import {
  currentContextOf,
  findEntry,
  innerOf,
  type EntryKind,
  type LoadedKubeconfig,
  type NamedEntry,
} from './model.js';

export interface ExecConfig {
  apiVersion?: string;
  command: string;
  args: string[];
  env: Array<{ name: string; value: string }>;
  interactiveMode?: string;
  provideClusterInfo?: boolean;
}

export interface ResolvedContext {
  name: string;
  /** The file that defines the context. */
  file: string;
  namespace?: string;
  cluster: {
    name: string;
    file: string;
    server: string;
    /** base64 of the PEM CA, as in the file. */
    certificateAuthorityData?: string;
    /** A CA file path, as in the file. */
    certificateAuthority?: string;
    tlsServerName?: string;
    insecureSkipTlsVerify?: boolean;
    proxyUrl?: string;
  };
  user: { name: string; file: string; exec?: ExecConfig; hasToken: boolean; hasClientCertificate: boolean };
}

/** First-wins lookup across the files, like kubectl. */
function lookup(
  files: LoadedKubeconfig[],
  kind: EntryKind,
  name: string,
): { entry: NamedEntry; file: string } | undefined {
  for (const file of files) {
    const entry = findEntry(file.doc, kind, name);
    if (entry) return { entry, file: file.path };
  }
  return undefined;
}

/** The current-context of the merged view (first file that sets it). */
export function mergedCurrentContext(files: LoadedKubeconfig[]): string | undefined {
  for (const file of files) {
    const current = currentContextOf(file.doc);
    if (current) return current;
  }
  return undefined;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function execOf(user: Record<string, unknown>): ExecConfig | undefined {
  const exec = user.exec;
  if (!isRecord(exec) || typeof exec.command !== 'string') return undefined;
  const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
  const env = Array.isArray(exec.env)
    ? exec.env.filter(isRecord).map((e) => ({ name: String(e.name ?? ''), value: String(e.value ?? '') }))
    : [];
  return {
    command: exec.command,
    args,
    env,
    ...(str(exec.apiVersion) ? { apiVersion: str(exec.apiVersion) } : {}),
    ...(str(exec.interactiveMode) ? { interactiveMode: str(exec.interactiveMode) } : {}),
    ...(typeof exec.provideClusterInfo === 'boolean' ? { provideClusterInfo: exec.provideClusterInfo } : {}),
  };
}

/**
 * Resolves `contextName` (default: the current context). Throws ConfigError naming the files when the
 * context, its cluster or its user is missing, or the cluster has no server.
 */
export function resolveContext(files: LoadedKubeconfig[], contextName?: string): ResolvedContext {
  const where = files.map((f) => f.path).join(':');
  if (files.length > 0 && files.every((f) => !f.exists)) {
    const missing = files.map((f) => f.path).join(', ');
    throw new ConfigError(`kubeconfig file not found: ${missing}`, {
      code: 'KUBECONFIG_NOT_FOUND',
      hint: 'check KUBECONFIG (or --kubeconfig) names your kubeconfig file, or run `eks-login setup <bundle.json>` to write one',
    });
  }
  const name = contextName ?? mergedCurrentContext(files);
  if (!name) {
    throw new ConfigError(`no current context in kubeconfig ${where}`, {
      code: 'NO_CURRENT_CONTEXT',
      hint: 'pass --context NAME, or run `kubectl config use-context NAME` (or `eks-login setup <bundle> --use`)',
    });
  }
  const context = lookup(files, 'contexts', name);
  if (!context) {
    throw new ConfigError(`context ${name} not found in kubeconfig ${where}`, {
      code: 'CONTEXT_NOT_FOUND',
      hint: 'run `kubectl config get-contexts` to list the contexts',
    });
  }
  const body = innerOf(context.entry, 'contexts');
  const clusterName = str(body.cluster);
  const userName = str(body.user);
  const cluster = clusterName ? lookup(files, 'clusters', clusterName) : undefined;
  if (!clusterName || !cluster) {
    throw new ConfigError(
      `context ${name} in ${context.file}: cluster ${clusterName ?? '(none)'} not found in kubeconfig ${where}`,
      {
        code: 'CLUSTER_NOT_FOUND',
        hint: 're-run `eks-login setup <bundle>` or fix the context with `kubectl config set-context`',
      },
    );
  }
  const clusterBody = innerOf(cluster.entry, 'clusters');
  const server = str(clusterBody.server);
  if (!server)
    throw new ConfigError(`cluster ${clusterName} in ${cluster.file} has no server`, { code: 'CLUSTER_NO_SERVER' });
  const user = userName ? lookup(files, 'users', userName) : undefined;
  if (!userName || !user) {
    throw new ConfigError(
      `context ${name} in ${context.file}: user ${userName ?? '(none)'} not found in kubeconfig ${where}`,
      {
        code: 'USER_NOT_FOUND',
        hint: 're-run `eks-login setup <bundle>` or fix the context with `kubectl config set-context`',
      },
    );
  }
  const userBody = innerOf(user.entry, 'users');
  const exec = execOf(userBody);
  return {
    name,
    file: context.file,
    ...(str(body.namespace) ? { namespace: str(body.namespace) } : {}),
    cluster: {
      name: clusterName,
      file: cluster.file,
      server,
      ...(str(clusterBody['certificate-authority-data'])
        ? { certificateAuthorityData: str(clusterBody['certificate-authority-data']) }
        : {}),
      ...(str(clusterBody['certificate-authority'])
        ? { certificateAuthority: str(clusterBody['certificate-authority']) }
        : {}),
      ...(str(clusterBody['tls-server-name']) ? { tlsServerName: str(clusterBody['tls-server-name']) } : {}),
      ...(clusterBody['insecure-skip-tls-verify'] === true ? { insecureSkipTlsVerify: true } : {}),
      ...(str(clusterBody['proxy-url']) ? { proxyUrl: str(clusterBody['proxy-url']) } : {}),
    },
    user: {
      name: userName,
      file: user.file,
      ...(exec ? { exec } : {}),
      hasToken: Boolean(str(userBody.token) || str(userBody.tokenFile)),
      hasClientCertificate: Boolean(str(userBody['client-certificate-data']) || str(userBody['client-certificate'])),
    },
  };
}
