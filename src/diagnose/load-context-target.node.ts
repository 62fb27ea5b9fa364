// Loads a kubeconfig context for whoami and doctor: the kubeconfig files (kubectl's first-wins merge), the CA
// file a cluster may name, and the `eks-login token` flags in the exec args read with the warm path's own
// reader; the target itself is built by diagnose/context-target.ts.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { doctorTargetOf, userOwnerOf } from './context-target.js';
import type { DoctorTarget } from '../record/doctor-target.js';
import { eksLoginArgsOf } from '../kubeconfig/exec-launcher.js';
import { resolveContext, type ExecConfig, type ResolvedContext } from '../kubeconfig/resolve-context.js';
import { readKubeconfigs } from '../kubeconfig/update.js';
import { readAdoptRecord } from '../adopt/adopt-record-file.node.js';
import { EMPTY_ADOPT_RECORD, sameUser } from '../adopt/record.js';
import { readTokenArgv } from '../token/token-argv.js';
import type { TokenFlags } from '../token/token-request.js';
import { ConfigError } from '../kernel/errors.js';
import type { Services } from '../services/services.js';

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

export async function loadContextTarget(
  s: Services,
  options: { context?: string | undefined; namespace?: string | undefined },
): Promise<ContextTarget> {
  const files = await readKubeconfigs(await s.kubeconfigStore(), s.kubeconfigLocation());
  const resolved = resolveContext(files, options.context);
  const owner = userOwnerOf(files, resolved.user);
  const exec = resolved.user.exec;
  const eksLoginArgs = exec ? eksLoginArgsOf(exec) : undefined;
  const tokenFlags = eksLoginArgs ? readTokenArgv(eksLoginArgs) : undefined;
  const caPem = await caPemOf(resolved.cluster);
  const adopted = tokenFlags
    ? (await readAdoptRecord(s.paths.configDir).catch(() => EMPTY_ADOPT_RECORD)).users.find((u) =>
        sameUser(u, { kubeconfig: resolved.user.file, user: resolved.user.name }),
      )
    : undefined;
  const target = doctorTargetOf(resolved, {
    namespace: options.namespace,
    caPem,
    owner,
    tokenFlags,
    adoptedFrom: adopted?.tool,
  });
  return { resolved, target, ...(exec ? { exec } : {}), ...(tokenFlags ? { tokenFlags } : {}) };
}
