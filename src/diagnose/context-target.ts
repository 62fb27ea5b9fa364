// The target whoami and doctor examine, from a context resolved with kubectl's first-wins merge: the eks-login
// mark of its user entry, its cluster (CA as PEM) and the `eks-login token` flags of its exec. Pure: the
// kubeconfig files and a CA file are read by diagnose/load-context-target.node.ts.
import type { KubeEndpoint } from '../kernel/ports.js';
import type { DoctorTarget } from '../record/doctor-target.js';
import { findEntry, type LoadedKubeconfig } from '../kubeconfig/model.js';
import { ownerOf, type OwnerMark } from '../kubeconfig/owner.js';
import type { ResolvedContext } from '../kubeconfig/resolve-context.js';
import type { TokenFlags } from '../token/token-request.js';

/** The eks-login mark of the context's user entry, in the file that defines it; undefined when not setup's. */
export function userOwnerOf(files: readonly LoadedKubeconfig[], user: ResolvedContext['user']): OwnerMark | undefined {
  const doc = files.find((f) => f.path === user.file)?.doc;
  const entry = doc ? findEntry(doc, 'users', user.name) : undefined;
  return entry ? ownerOf(entry, 'users') : undefined;
}

export interface TargetParts {
  /** --namespace; else the context's, else `default`. */
  namespace?: string | undefined;
  /** The cluster's CA as PEM (from certificate-authority-data or the file it names). */
  caPem?: string | undefined;
  owner?: OwnerMark | undefined;
  /** The flags `eks-login token` gets from the exec args; undefined for other plugins. */
  tokenFlags?: TokenFlags | undefined;
  /** The tool `eks-login adopt` replaced in this user's exec, from adopt's record. */
  adoptedFrom?: string | undefined;
}

export function doctorTargetOf(resolved: ResolvedContext, parts: TargetParts): DoctorTarget {
  const { cluster } = resolved;
  const exec = resolved.user.exec;
  return {
    context: resolved.name,
    file: resolved.file,
    namespace: parts.namespace ?? resolved.namespace ?? 'default',
    cluster: {
      name: cluster.name,
      server: cluster.server,
      ...(parts.caPem ? { caPem: parts.caPem } : {}),
      ...(cluster.tlsServerName ? { tlsServerName: cluster.tlsServerName } : {}),
      ...(cluster.insecureSkipTlsVerify ? { insecureSkipTlsVerify: true } : {}),
      ...(cluster.proxyUrl ? { proxyUrl: cluster.proxyUrl } : {}),
    },
    ...(parts.owner ? { owner: parts.owner } : {}),
    ...(exec ? { exec: { command: exec.command, args: exec.args } } : {}),
    ...(parts.tokenFlags ? { token: stringFlags(parts.tokenFlags) } : {}),
    ...(parts.adoptedFrom ? { adoptedFrom: parts.adoptedFrom } : {}),
  };
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

/** The token flags with a value (no undefined members, no --no-cache). */
function stringFlags(flags: TokenFlags): NonNullable<DoctorTarget['token']> {
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => typeof v === 'string')) as NonNullable<
    DoctorTarget['token']
  >;
}
