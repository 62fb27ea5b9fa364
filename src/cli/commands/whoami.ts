// `eks-login whoami`: who AWS says signed the context's token, who the cluster maps it to, and what that
// user may do in the namespace. On 401 it explains why and prints the admin's fix.
import { colorEnabled, createStyle } from '../../kernel/format/style.js';
import { renderWhoami } from '../../diagnose/whoami/render-whoami.js';
import { reportedFailure } from '../../kernel/errors.js';
import { defineCommand } from '../command.js';
import { contextOption, outputOption } from '../options.js';

export const whoamiCommand = defineCommand({
  command: 'whoami',
  describe: 'Show the AWS identity behind a context, the Kubernetes user it maps to, and what it may do',
  builder: (y) =>
    y
      .option('context', contextOption())
      .option('namespace', {
        alias: 'n',
        type: 'string',
        describe: "Namespace for the permissions table (default: the context's, else default)",
      })
      .option('output', outputOption())
      .example('$0 whoami', 'The current context')
      .example('$0 whoami --context developers@demo -n team-a', 'Another context and namespace')
      .example('$0 whoami -o json | jq .kubernetes.groups', 'Machine-readable'),
  handler: async (args, ctx) => {
    const { whoamiReport } = await import('../../diagnose/wire.js');
    const { report, code } = await whoamiReport(ctx, { context: args.context, namespace: args.namespace });
    if (args.output === 'json') ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else
      ctx.stdout.write(renderWhoami(report, ctx.clock.now(), createStyle(colorEnabled(ctx.env, ctx.stdoutIsTerminal))));
    if (code !== 0) throw reportedFailure(code, `whoami: ${report.outcome} (the report above says why)`);
  },
});
