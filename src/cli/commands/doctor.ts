// `eks-login doctor`: walks kubeconfig → exec → keychain → STS → cluster → RBAC, ✔/✘ with a fix for
// every failed step; exits with the code of the first failed step (0 when none failed).
import { reportedFailure } from '../../kernel/errors.js';
import { renderDoctor } from '../../diagnose/doctor/render-doctor.js';
import { colorEnabled, createStyle } from '../../kernel/format/style.js';
import { defineCommand } from '../command.js';
import { contextOption, outputOption } from '../options.js';

export const doctorCommand = defineCommand({
  command: 'doctor',
  describe: 'Check every step from kubectl to the cluster for a context and say how to fix what fails',
  builder: (y) =>
    y
      .option('context', contextOption())
      .option('namespace', {
        alias: 'n',
        type: 'string',
        describe: "Namespace for the RBAC summary (default: the context's, else default)",
      })
      .option('output', outputOption())
      .example('$0 doctor', 'Check the current context')
      .example('$0 doctor --context developers@demo -o json', 'Machine-readable, e.g. for a support ticket'),
  handler: async (args, ctx) => {
    const { doctorReport } = await import('../../diagnose/wire.js');
    const { report, code } = await doctorReport(ctx, { context: args.context, namespace: args.namespace });
    if (args.output === 'json') ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else ctx.stdout.write(renderDoctor(report, createStyle(colorEnabled(ctx.env, ctx.stdoutIsTerminal))));
    if (code !== 0) throw reportedFailure(code, 'doctor: a check failed (the report above says which)');
  },
});
