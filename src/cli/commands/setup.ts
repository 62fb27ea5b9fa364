// `eks-login setup <bundle>`: the admin's bundle → checked access key in the keychain → kubeconfig contexts.
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { loadBundleFile } from '../../adapters/bundle-file.js';
import { resolveExecCommand } from '../../adapters/exec-command.js';
import { createTerminalPrompter } from '../../adapters/terminal-prompt.js';
import { unifiedDiff } from '../../adapters/unified-diff.js';
import { locateKubeconfig } from '../../core/kubeconfig/locate.js';
import { describeChanges } from '../../core/setup/report.js';
import { runSetup } from '../../core/setup/run-setup.js';
import { defineCommand } from '../command.js';
import { createSetupDeps } from '../setup/setup-deps.js';

export const setupCommand = defineCommand({
  command: 'setup <bundle>',
  describe: 'Set up this machine from an admin bundle: check and store your access key, write kubectl contexts',
  builder: (y) =>
    y
      .positional('bundle', { type: 'string', demandOption: true, describe: 'The bundle JSON file your admin shared' })
      .option('group', { type: 'string', describe: 'Your group in the bundle (asked on a terminal when there are several)' })
      .option('from-env', { type: 'boolean', describe: 'Take the access key from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and store it' })
      .option('source-profile', { type: 'string', describe: 'Use an existing AWS profile as your identity (nothing secret is stored)' })
      .option('kubeconfig', { type: 'string', describe: 'The kubeconfig file to write (default: KUBECONFIG rules, else ~/.kube/config)' })
      .option('use', { type: 'boolean', describe: 'Make the first new context the current context' })
      .option('dry-run', { type: 'boolean', describe: 'Print the kubeconfig change as a unified diff on stdout; store and write nothing' })
      .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask for confirmation (needed without a terminal)' })
      .option('force', { type: 'boolean', describe: 'Replace kubeconfig entries of the same name that eks-login did not write' })
      .conflicts('from-env', 'source-profile')
      .example('$0 setup acme.json', 'On a terminal: pick your group, paste your access key, confirm')
      .example('$0 setup acme.json --group developers --from-env --yes', 'Non-interactive, key from the environment')
      .example('$0 setup acme.json --group developers --source-profile dev --use', 'Use an AWS profile and switch kubectl to the new context')
      .example('$0 setup acme.json --group developers --dry-run', 'Show what would change in kubeconfig'),
  handler: async (args, ctx) => {
    const bundle = await loadBundleFile(resolve(ctx.cwd, args.bundle));
    const location = locateKubeconfig(ctx.env, homedir(), args.kubeconfig ? resolve(ctx.cwd, args.kubeconfig) : undefined);
    const interactive = ctx.isInteractiveTerminal;
    const withPrompter = interactive && !ctx.overrides?.prompter ? { ...ctx, overrides: { ...ctx.overrides, prompter: createTerminalPrompter() } } : ctx;
    const deps = createSetupDeps(withPrompter, bundle.clusters[0]!.region);
    const result = await runSetup(
      {
        bundle,
        group: args.group,
        fromEnv: args.fromEnv,
        sourceProfile: args.sourceProfile,
        location,
        command: resolveExecCommand(ctx.env.PATH, process.argv[1] ?? 'eks-login', ctx.cwd),
        use: args.use,
        dryRun: args.dryRun,
        yes: args.yes,
        force: args.force,
      },
      deps,
    );
    if (args.dryRun) ctx.stdout.write(unifiedDiff(result.kubeconfig.path, result.kubeconfig.before, result.kubeconfig.after));
    for (const line of describeChanges(result.kubeconfig, args.dryRun ? 'dry-run' : 'done')) deps.say(line);
    if (result.recordPath) deps.say(`setup of bundle ${bundle.name} (group ${result.group.name}) recorded in ${result.recordPath}`);
    if (!args.dryRun && result.contexts[0]) deps.say(`next: kubectl --context ${result.contexts[0]} get pods`);
    return 0;
  },
});
