// whoami's ports from the services: the context (load-context-target.node.ts), its token minted as kubectl would
// (mint-for-context.node.ts), STS's replay of it and the cluster's API at the context's endpoint.
import type { Services } from '../../services/services.js';
import type { WhoamiDeps, WhoamiInput } from './whoami.js';
import { endpointOf } from '../context-target.js';
import { loadContextTarget } from '../load-context-target.node.js';
import { mintForContext } from '../mint-for-context.node.js';

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
