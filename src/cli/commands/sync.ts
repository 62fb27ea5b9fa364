// `eks-login sync [--bundle NAME] [--sha256 HEX] [--dry-run]`: follow the admin's changes to set-up bundles.
import { syncBundles } from '../../setup/wire.js';
import { defineCommand } from '../command.js';
import { emit } from '../emit.js';
import { singleValued } from '../single-valued.js';

export const syncCommand = defineCommand({
  command: 'sync',
  describe:
    "Re-read each set-up bundle from where setup got it and apply the admin's changes (contexts added, updated, removed)",
  builder: (y) =>
    y
      .option('bundle', { type: 'string', describe: 'Only this bundle (default: every bundle set up on this machine)' })
      .option('sha256', {
        type: 'string',
        describe:
          'The new digest of a pinned bundle that changed: applied and pinned (needs --bundle when several are set up)',
      })
      .option('dry-run', {
        type: 'boolean',
        describe: 'Say what would change and print the kubeconfig diff on stdout; write nothing',
      })
      .example(
        '$0 sync',
        'Apply every bundle\'s changes; "unchanged" when there are none (the kubeconfig is not rewritten)',
      )
      .example('$0 sync --dry-run', 'What would change')
      .example(
        '$0 sync --bundle acme --sha256 9f86d0…',
        'The admin published a new pinned version: check it against the announced digest, apply, re-pin',
      ),
  handler: async (args, ctx) => {
    const flags = singleValued(args, ['bundle', 'sha256']);
    const writes = await syncBundles(ctx, { bundle: flags.bundle, sha256: flags.sha256, dryRun: args.dryRun });
    emit(ctx, writes);
  },
});
