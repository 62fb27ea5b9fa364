// The context whoami, doctor and `admin --kube-context` look at: the kubeconfig files with kubectl's first-wins
// merge, the CA a cluster names, the `eks-login token` flags in the exec args read with the warm path's own
// reader, the adopt record (the target itself is built by diagnose/context-target.ts), and the environment
// kubectl gives the plugin for it.
import type { TokenFlags } from '../token/token-request.js';
import type { Services } from '../services/services.js';
import { doctorTargetOf, userOwnerOf } from './context-target.js';
import { execEnvironment as coreExecEnvironment } from './exec-environment.js';
import type { DoctorTarget } from '../record/doctor-target.js';
import { eksLoginArgsOf } from '../kubeconfig/exec-launcher.js';
import { resolveContext, type ExecConfig, type ResolvedContext } from '../kubeconfig/resolve-context.js';
import { readKubeconfigs } from '../kubeconfig/update.js';
import { readAdoptRecord } from '../adopt/adopt-record-file.node.js';
import { EMPTY_ADOPT_RECORD, sameUser } from '../adopt/record.js';
import { readTokenArgv } from '../token/token-argv.js';
import { readClusterCa } from '../kubeconfig/ca-file.node.js';

export interface ContextTarget {
  resolved: ResolvedContext;
  target: DoctorTarget;
  exec?: ExecConfig;
  /** The flags `eks-login token` gets from this context's exec args; undefined for other plugins. */
  tokenFlags?: TokenFlags;
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
  const caPem = await readClusterCa(resolved.cluster);
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

/** The environment kubectl gives the plugin for this context (diagnose/exec-environment.ts). */
export function execEnvironment(target: ContextTarget, ctx: Services): Record<string, string | undefined> {
  return coreExecEnvironment(ctx.env, target.exec, target.resolved.cluster, ctx.isInteractiveTerminal);
}
