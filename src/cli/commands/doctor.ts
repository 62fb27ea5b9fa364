// `eks-login doctor`: walks kubeconfig → exec → keychain → STS → cluster → RBAC, ✔/✘ with a fix for
// every failed step; exits with the code of the first failed step (0 when none failed).
import { defineCommand } from '../command.js';
import { emit } from '../emit.js';
import { diagnoseOptions } from '../options.js';

export const doctorCommand = defineCommand({
  command: 'doctor',
  describe: 'Check every step from kubectl to the cluster for a context and say how to fix what fails',
  builder: (y) =>
    diagnoseOptions(y, 'the RBAC summary')
      .example('$0 doctor', 'Check the current context')
      .example('$0 doctor --context developers@demo -o json', 'Machine-readable, e.g. for a support ticket'),
  handler: async (args, ctx) => {
    const { checkContext } = await import('../../diagnose/wire.js');
    emit(ctx, await checkContext(ctx, { context: args.context, namespace: args.namespace, output: args.output }));
  },
});
