// Composition of the admin commands: the admin's credentials from the default AWS chain, the caller
// identity, IAM and EKS clients (@aws-sdk/client-iam and client-eks, imported here only), and per cluster a
// Kubernetes API authenticated with a token eks-login mints for the admin against DescribeCluster's endpoint
// and CA, or the kubeconfig context given with --kube-context.
import type { ClusterRef, AdminDeps } from '../../core/admin/plan.js';
import type { KubePort } from '../../core/admin/ports.js';
import { resolveStsEndpoint } from '../../core/token/sts-endpoint.js';
import { getToken } from '../../core/token/get-token.js';
import type { Identity } from '../../core/admin/names.js';
import type { CliContext } from '../context.js';

export interface AdminOptions {
  kubeContext?: string | undefined;
}

export async function createAdminDeps(ctx: CliContext, options: AdminOptions, firstRegion: string): Promise<AdminDeps> {
  const [{ httpSettingsFromEnv }, { awsHttpSettings }, { fromProfileChain }, { createStsGateway }, { createIamAdmin }, { createEksAdmin }, yaml, { createKubeApi }, { createKubeAdmin }] = await Promise.all([
    import('../../adapters/http/settings.js'),
    import('../../adapters/http/aws-settings.js'),
    import('../../adapters/aws-credential-chain.js'),
    import('../../adapters/sts-gateway.js'),
    import('../../adapters/admin/iam-admin.js'),
    import('../../adapters/admin/eks-admin.js'),
    import('../../adapters/admin/yaml.js'),
    import('../../adapters/kube-api-client.js'),
    import('../../adapters/admin/kube-admin.js'),
  ]);
  const env = ctx.env;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? firstRegion;
  const profile = env.AWS_PROFILE ?? 'default';
  const credentials = await fromProfileChain(profile, false, region, ctx.logger);
  const sts = resolveStsEndpoint(region, env);
  const caller = await createStsGateway({ logger: ctx.logger, http: awsHttpSettings(env) }).getCallerIdentity(credentials, { region, endpoint: sts.url });
  const identity: Identity = { account: caller.account, arn: caller.arn, partition: caller.arn.split(':')[1] ?? 'aws' };
  ctx.logger.debug(`admin identity ${caller.arn}`);
  const kubes = new Map<string, Promise<KubePort>>();

  const kube = async (cluster: ClusterRef): Promise<KubePort> => {
    if (options.kubeContext) {
      const [{ loadContextTarget }, { mintForContext }] = await Promise.all([import('../diagnose/context-target.js'), import('../diagnose/mint-for-context.js')]);
      const target = await loadContextTarget(env, { context: options.kubeContext });
      const t = target.target.cluster;
      const minted = await mintForContext(target, ctx);
      const endpoint = { server: t.server, ...(t.caPem ? { caPem: t.caPem } : {}), ...(t.tlsServerName ? { tlsServerName: t.tlsServerName } : {}), ...(t.insecureSkipTlsVerify ? { insecureSkipTlsVerify: true } : {}), ...(t.proxyUrl ? { proxyUrl: t.proxyUrl } : {}) };
      return createKubeAdmin(createKubeApi(endpoint, { token: minted.token, http: httpSettingsFromEnv(env) }), cluster.name, `context ${options.kubeContext}`);
    }
    const { prepareToken } = await import('../token/run-token.js');
    // The admin's own identity, exactly like `aws eks get-token --cluster-name <name>` (no role).
    const { request, deps } = await prepareToken({ cluster: cluster.name, region: cluster.region }, { env: { ...env, KUBERNETES_EXEC_INFO: undefined }, clock: ctx.clock, logger: ctx.logger, isInteractiveTerminal: ctx.isInteractiveTerminal });
    const { token } = await getToken(request, deps);
    const caPem = Buffer.from(cluster.description.certificateAuthorityData, 'base64').toString('utf8');
    return createKubeAdmin(createKubeApi({ server: cluster.description.endpoint, caPem }, { token, http: httpSettingsFromEnv(env) }), cluster.name, caller.arn);
  };

  return {
    identity,
    iam: createIamAdmin(credentials, env),
    eks: createEksAdmin(credentials, env),
    yaml: yaml.yamlCodec,
    kube: (cluster) => {
      let k = kubes.get(cluster.name);
      if (!k) kubes.set(cluster.name, (k = kube(cluster)));
      return k;
    },
  };
}
