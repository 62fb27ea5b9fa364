// The admin commands' dependencies from the composition root: the admin's credentials from the default AWS
// chain, the caller identity, IAM and EKS (Services.adminAws: client-iam and client-eks), and per cluster a
// Kubernetes API authenticated with a token eks-login mints for the admin against DescribeCluster's endpoint
// and CA, or the kubeconfig context given with --kube-context.
import type { ClusterRef, AdminDeps } from './plan.js';
import type { KubePort } from '../kernel/admin-ports.js';
import { resolveStsEndpoint } from '../aws/sts-endpoint.js';
import { getToken } from '../token/get-token.js';
import type { Identity } from './names.js';
import type { Services } from '../services/services.js';
import { prepareToken } from '../token/wire.js';
import { activeProfile } from '../aws/active-profile.js';

export interface AdminOptions {
  kubeContext?: string | undefined;
}

export async function createAdminDeps(ctx: Services, options: AdminOptions, firstRegion: string): Promise<AdminDeps> {
  const env = ctx.env;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? firstRegion;
  const profile = activeProfile(env);
  const credentials = await ctx.profileCredentials({
    profile,
    explicit: false,
    region,
    http: ctx.awsHttpForProfile(profile),
  });
  const sts = resolveStsEndpoint(region, env);
  const caller = await (
    await ctx.stsGateway(ctx.awsHttpForProfile())
  ).getCallerIdentity(credentials, { region, endpoint: sts.url });
  const identity: Identity = { account: caller.account, arn: caller.arn, partition: caller.arn.split(':')[1] ?? 'aws' };
  ctx.logger.debug(`admin identity ${caller.arn}`);
  const kubes = new Map<string, Promise<KubePort>>();
  const { createKubeAdmin } = await import('./kube-admin.js');

  const kube = async (cluster: ClusterRef): Promise<KubePort> => {
    if (options.kubeContext) {
      const [{ loadContextTarget }, { mintForContext }, { endpointOf }] = await Promise.all([
        import('../diagnose/load-context-target.node.js'),
        import('../diagnose/wire.js'),
        import('../diagnose/context-target.js'),
      ]);
      const target = await loadContextTarget(ctx, { context: options.kubeContext });
      const minted = await mintForContext(target, ctx, { signIn: true });
      return createKubeAdmin(
        ctx.kubeApi(endpointOf(target.target.cluster), { token: minted.token }),
        cluster.name,
        `context ${options.kubeContext}`,
      );
    }
    // The admin's own identity, exactly like `aws eks get-token --cluster-name <name>` (no role).
    const { request, deps } = await prepareToken(
      { cluster: cluster.name, region: cluster.region },
      ctx.with({ env: { ...env, KUBERNETES_EXEC_INFO: undefined } }),
    );
    const { token } = await getToken(request, deps);
    const caPem = Buffer.from(cluster.description.certificateAuthorityData, 'base64').toString('utf8');
    return createKubeAdmin(
      ctx.kubeApi({ server: cluster.description.endpoint, caPem }, { token }),
      cluster.name,
      caller.arn,
    );
  };

  return {
    identity,
    ...(await ctx.adminAws(credentials)),
    kube: (cluster) => {
      let k = kubes.get(cluster.name);
      if (!k) kubes.set(cluster.name, (k = kube(cluster)));
      return k;
    },
  };
}
