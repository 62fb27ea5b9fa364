// Loads a kubeconfig context for whoami and doctor: SETUP's resolver (kubectl's first-wins merge), the
// eks-login mark of the user entry, the CA as PEM, and the `eks-login token` flags in the exec args.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { DoctorTarget } from '../../core/doctor/doctor-deps.js';
import { eksLoginArgsOf } from '../../core/kubeconfig/exec-launcher.js';
import { findEntry } from '../../core/kubeconfig/model.js';
import { ownerOf } from '../../core/kubeconfig/owner.js';
import { resolveContext, type ExecConfig, type ResolvedContext } from '../../core/kubeconfig/resolve-context.js';
import { readKubeconfigs } from '../../core/kubeconfig/update.js';
import type { TokenFlags } from '../../core/token/token-request.js';
import { ConfigError } from '../../errors.js';
import { parseFastTokenArgs } from '../../fast/token-args.js';
import type { KubeEndpoint } from '../../ports.js';
import type { Services } from '../services.js';

export interface ContextTarget {
  resolved: ResolvedContext;
  target: DoctorTarget;
  exec?: ExecConfig;
  /** The flags `eks-login token` gets from this context's exec args; undefined for other plugins. */
  tokenFlags?: TokenFlags;
}

async function caPemOf(cluster: ResolvedContext['cluster']): Promise<string | undefined> {
  if (cluster.certificateAuthorityData) return Buffer.from(cluster.certificateAuthorityData, 'base64').toString('utf8');
  if (!cluster.certificateAuthority) return undefined;
  const path = isAbsolute(cluster.certificateAuthority) ? cluster.certificateAuthority : join(dirname(cluster.file), cluster.certificateAuthority);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the CA file ${path} of cluster ${cluster.name}: ${(error as Error).message}`, { cause: error, hint: 're-run `eks-login setup <bundle.json>`' });
  }
}

export async function loadContextTarget(s: Services, options: { context?: string | undefined; namespace?: string | undefined }): Promise<ContextTarget> {
  const files = await readKubeconfigs(await s.kubeconfigStore(), s.kubeconfigLocation());
  const resolved = resolveContext(files, options.context);
  const userDoc = files.find((f) => f.path === resolved.user.file)?.doc;
  const userEntry = userDoc ? findEntry(userDoc, 'users', resolved.user.name) : undefined;
  const owner = userEntry ? ownerOf(userEntry, 'users') : undefined;
  const exec = resolved.user.exec;
  const eksLoginArgs = exec ? eksLoginArgsOf(exec) : undefined;
  const tokenFlags = eksLoginArgs ? parseFastTokenArgs(eksLoginArgs) : undefined;
  const caPem = await caPemOf(resolved.cluster);
  const { cluster } = resolved;
  const target: DoctorTarget = {
    context: resolved.name,
    file: resolved.file,
    namespace: options.namespace ?? resolved.namespace ?? 'default',
    cluster: {
      name: cluster.name,
      server: cluster.server,
      ...(caPem ? { caPem } : {}),
      ...(cluster.tlsServerName ? { tlsServerName: cluster.tlsServerName } : {}),
      ...(cluster.insecureSkipTlsVerify ? { insecureSkipTlsVerify: true } : {}),
      ...(cluster.proxyUrl ? { proxyUrl: cluster.proxyUrl } : {}),
    },
    ...(owner ? { owner } : {}),
    ...(exec ? { exec: { command: exec.command, args: exec.args } } : {}),
    ...(tokenFlags ? { token: stripUndefined(tokenFlags) } : {}),
  };
  return { resolved, target, ...(exec ? { exec } : {}), ...(tokenFlags ? { tokenFlags } : {}) };
}

/** The cluster's API endpoint as the KubeApi adapter takes it. */
export function endpointOf(cluster: DoctorTarget['cluster']): KubeEndpoint {
  return {
    server: cluster.server,
    ...(cluster.caPem ? { caPem: cluster.caPem } : {}),
    ...(cluster.tlsServerName ? { tlsServerName: cluster.tlsServerName } : {}),
    ...(cluster.insecureSkipTlsVerify ? { insecureSkipTlsVerify: true } : {}),
    ...(cluster.proxyUrl ? { proxyUrl: cluster.proxyUrl } : {}),
  };
}

function stripUndefined(flags: TokenFlags): DoctorTarget['token'] & object {
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => typeof v === 'string')) as DoctorTarget['token'] & object;
}
