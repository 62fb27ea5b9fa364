// whoami's input and ports from the composition root: the context's target (kubeconfig, CA), the token
// minted as kubectl's exec would, STS's replay and the cluster's API at the context's endpoint.
import type { WhoamiDeps, WhoamiInput } from './whoami/whoami.js';
import type { Services } from '../services/services.js';
import { endpointOf } from './context-target.js';
import { loadContextTarget } from './load-context-target.node.js';
import { mintForContext } from './wire.js';

export async function prepareWhoami(
  ctx: Services,
  options: { context?: string | undefined; namespace?: string | undefined },
): Promise<{ input: WhoamiInput; deps: WhoamiDeps }> {
  const target = await loadContextTarget(ctx, options);
  const { target: t } = target;
  const endpoint = endpointOf(t.cluster);
  return {
    input: {
      context: t.context,
      namespace: t.namespace,
      cluster: { name: t.cluster.name, server: t.cluster.server },
      ...(t.adoptedFrom ? { adoptedFrom: t.adoptedFrom } : {}),
    },
    deps: {
      clock: ctx.clock,
      mint: () => mintForContext(target, ctx),
      kubeApi: (token) => ctx.kubeApi(endpoint, { token }),
      stsProbe: ctx.stsProbe(ctx.awsHttpForProfile()),
    },
  };
}
