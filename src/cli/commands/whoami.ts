// `eks-login whoami`: who AWS says signed the context's token, who the cluster maps it to, and what that
// user may do in the namespace. On 401 it explains why and prints the admin's fix.
import { defineCommand } from '../command.js';
import { emit } from '../emit.js';
import { diagnoseOptions } from '../options.js';

export const whoamiCommand = defineCommand({
  command: 'whoami',
  describe: 'Show the AWS identity behind a context, the Kubernetes user it maps to, and what it may do',
  builder: (y) =>
    diagnoseOptions(y, 'the permissions table')
      .example('$0 whoami', 'The current context')
      .example('$0 whoami --context developers@demo -n team-a', 'Another context and namespace')
      .example('$0 whoami -o json | jq .kubernetes.groups', 'Machine-readable'),
  handler: async (args, ctx) => {
    const { identifyContext } = await import('../../diagnose/wire.js');
    emit(ctx, await identifyContext(ctx, { context: args.context, namespace: args.namespace, output: args.output }));
  },
});
