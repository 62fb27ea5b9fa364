// `eks-login setup <bundle>`: the admin's bundle → checked access key in the keychain → kubeconfig contexts.
// Thin: flags → setup/wire.ts (one call) → the writes it returns.
import { groupFlagValues, setUpFromBundle } from '../../setup/wire.js';
import { defineCommand } from '../command.js';
import { emit } from '../emit.js';
import { kubeconfigOption, ssoSignInOf, ssoSignInOptions } from '../options.js';
import { singleValued } from '../single-valued.js';

export const setupCommand = defineCommand({
  command: 'setup <bundle>',
  describe: 'Set up this machine from an admin bundle: check and store your access key, write kubectl contexts',
  builder: (y) =>
    ssoSignInOptions(
      y
        .positional('bundle', {
          type: 'string',
          demandOption: true,
          describe: 'The bundle your admin shared: a JSON file or an https:// URL',
        })
        .option('sha256', {
          type: 'string',
          describe: 'Pin the bundle: its sha256 digest (hex); a different bundle is refused and nothing changes',
        })
        .option('group', {
          type: 'string',
          describe:
            'A group of the bundle you are in; repeat for several (added to the groups set up before; asked on a terminal)',
        })
        .option('from-env', {
          type: 'boolean',
          describe:
            'Take a new access key from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and store it (replaces the stored one once verified)',
        })
        .option('source-profile', {
          type: 'string',
          describe: 'Use an existing AWS profile as your identity (nothing secret is stored)',
        })
        .option('reuse-key', {
          type: 'string',
          describe: 'Use the access key already stored for another bundle (same AWS account)',
        })
        .option(
          'kubeconfig',
          kubeconfigOption('The kubeconfig file to write (default: KUBECONFIG rules, else ~/.kube/config)'),
        )
        .option('use', { type: 'boolean', describe: 'Make the first new context the current context' })
        .option('dry-run', {
          type: 'boolean',
          describe: 'Print the kubeconfig change as a unified diff on stdout; store and write nothing',
        })
        .option('yes', {
          alias: 'y',
          type: 'boolean',
          describe: 'Do not ask for confirmation (needed without a terminal)',
        })
        .option('force', {
          type: 'boolean',
          describe: 'Replace kubeconfig entries of the same name that eks-login did not write',
        }),
    )
      .conflicts('from-env', 'source-profile')
      .conflicts('reuse-key', 'from-env')
      .conflicts('reuse-key', 'source-profile')
      .example('$0 setup acme.json', 'On a terminal: pick your groups, paste your access key, confirm')
      .example(
        '$0 setup acme.json --group developers --group admins --from-env --yes',
        'Non-interactive: two groups, key from the environment',
      )
      .example('$0 setup acme.json --group admins --yes', 'Later: add a group; the stored key is used again, no paste')
      .example(
        '$0 setup https://intranet.example.com/eks/acme.json --sha256 9f86d0…',
        'A published bundle, pinned to the digest your admin announced',
      )
      .example(
        '$0 setup other.json --reuse-key acme --yes',
        'A second bundle in the same AWS account, with the key stored for acme',
      )
      .example('$0 setup acme.json --group developers --dry-run', 'Show what would change in kubeconfig')
      .example(
        '$0 setup acme.json --group sso-developers',
        'An IAM Identity Center group: sign in in the browser, no access key',
      ),
  handler: async (args, ctx) => {
    const flags = singleValued(args, ['bundle', 'sha256', 'source-profile', 'reuse-key', 'kubeconfig']);
    const writes = await setUpFromBundle(ctx, {
      bundle: flags.bundle!,
      sha256: flags.sha256,
      groups: groupFlagValues(args.group as string | string[] | undefined),
      fromEnv: args.fromEnv,
      sourceProfile: flags['source-profile'],
      reuseKey: flags['reuse-key'],
      kubeconfig: flags.kubeconfig,
      use: args.use,
      dryRun: args.dryRun,
      yes: args.yes,
      force: args.force,
      sso: ssoSignInOf(args),
    });
    emit(ctx, writes);
  },
});
