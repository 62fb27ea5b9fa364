// `eks-login whoami`: who AWS says signed the context's token, who the cluster maps it to, and what that
// user may do in the namespace. On 401 it explains why and prints the admin's fix.
import { colorEnabled, createStyle } from '../../core/format/style.js';
import { renderWhoami } from '../../core/whoami/render-whoami.js';
import { whoami, type WhoamiReport } from '../../core/whoami/whoami.js';
import { ExitCode } from '../../errors.js';
import { defineCommand } from '../command.js';
import { contextOption, outputOption } from '../options.js';

const EXIT: Record<WhoamiReport['outcome'], number> = {
  ok: ExitCode.OK,
  'no-review-api': ExitCode.OK,
  unmapped: ExitCode.ACCESS_DENIED,
  rejected: ExitCode.CREDENTIALS,
};

export const whoamiCommand = defineCommand({
  command: 'whoami',
  describe: 'Show the AWS identity behind a context, the Kubernetes user it maps to, and what it may do',
  builder: (y) =>
    y
      .option('context', contextOption())
      .option('namespace', { alias: 'n', type: 'string', describe: "Namespace for the permissions table (default: the context's, else default)" })
      .option('output', outputOption())
      .example('$0 whoami', 'The current context')
      .example('$0 whoami --context developers@demo -n team-a', 'Another context and namespace')
      .example('$0 whoami -o json | jq .kubernetes.groups', 'Machine-readable'),
  handler: async (args, ctx) => {
    const [{ loadContextTarget }, { mintForContext }] = await Promise.all([import('../diagnose/context-target.js'), import('../diagnose/mint-for-context.js')]);
    const target = await loadContextTarget(ctx, { context: args.context, namespace: args.namespace });
    const { target: t } = target;
    const endpoint = { server: t.cluster.server, ...(t.cluster.caPem ? { caPem: t.cluster.caPem } : {}), ...(t.cluster.tlsServerName ? { tlsServerName: t.cluster.tlsServerName } : {}), ...(t.cluster.insecureSkipTlsVerify ? { insecureSkipTlsVerify: true } : {}), ...(t.cluster.proxyUrl ? { proxyUrl: t.cluster.proxyUrl } : {}) };
    const report = await whoami(
      { context: t.context, namespace: t.namespace, cluster: { name: t.cluster.name, server: t.cluster.server } },
      { clock: ctx.clock, mint: () => mintForContext(target, ctx), kubeApi: (token) => ctx.kubeApi(endpoint, { token }), stsProbe: ctx.stsProbe(ctx.awsHttpForProfile()) },
    );
    if (args.output === 'json') ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else ctx.stdout.write(renderWhoami(report, ctx.clock.now(), createStyle(colorEnabled(ctx.env, ctx.stdoutIsTerminal ?? false))));
    return EXIT[report.outcome];
  },
});
