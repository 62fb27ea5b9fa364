// `eks-login adopt`: rewrites the exec users of contexts made by `aws eks update-kubeconfig`, eksctl or by hand
// for aws-iam-authenticator into `eks-login token` with the same meaning; `--undo` puts the originals back.
// Thin: flags → adopt/wire.ts (one call) → the writes it returns.
import { adoptContexts } from '../../adopt/wire.js';
import { defineCommand } from '../command.js';
import { emit } from '../emit.js';
import { contextOption, kubeconfigOption } from '../options.js';
import { singleValued } from '../single-valued.js';

export const adoptCommand = defineCommand({
  command: 'adopt',
  describe:
    'Make existing contexts that run `aws eks get-token` or `aws-iam-authenticator token` run eks-login (faster, cached); --undo reverts',
  builder: (y) =>
    y
      .option('context', contextOption('The context to adopt (default: the current one)'))
      .option('all', {
        type: 'boolean',
        describe:
          'Adopt every context whose user runs aws eks get-token or aws-iam-authenticator token; others are listed and left alone',
      })
      .option(
        'kubeconfig',
        kubeconfigOption('The kubeconfig file to change (default: KUBECONFIG rules, else ~/.kube/config)'),
      )
      .option('dry-run', {
        type: 'boolean',
        describe: 'Print the kubeconfig change as a unified diff on stdout; write nothing',
      })
      .option('yes', {
        alias: 'y',
        type: 'boolean',
        describe: 'Do not ask for confirmation (needed without a terminal)',
      })
      .option('undo', {
        type: 'boolean',
        describe: 'Restore the original exec entries adopt recorded (of --context, --all, or the current context)',
      })
      .conflicts('context', 'all')
      .example('$0 adopt --all --dry-run', 'Show what would change for every context aws eks update-kubeconfig wrote')
      .example('$0 adopt --context arn:aws:eks:eu-west-1:123456789012:cluster/demo', 'Adopt one context (asks first)')
      .example('$0 adopt --all --yes', 'Adopt every adoptable context without asking')
      .example('$0 adopt --undo --all --yes', 'Put every original exec entry back'),
  handler: async (args, ctx) => {
    const flags = singleValued(args, ['context', 'kubeconfig']);
    const writes = await adoptContexts(ctx, {
      context: flags.context,
      all: args.all,
      kubeconfig: flags.kubeconfig,
      dryRun: args.dryRun,
      yes: args.yes,
      undo: args.undo,
    });
    emit(ctx, writes);
  },
});
