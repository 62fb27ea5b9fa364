// run(argv, ctx): the CLI shell. The only place that parses argv and maps errors to exit codes.
import yargs from 'yargs';
import { UsageError } from '../errors.js';
import { commands } from './commands/index.js';
import { completeValues } from './completion/complete-command-values.js';
import type { Services } from '../app/services.js';
import { createStderrLogger } from '../report/debug-logger.js';
import { reportError } from '../report/report-error.js';

declare const __EKS_LOGIN_VERSION__: string;
export const VERSION: string = typeof __EKS_LOGIN_VERSION__ === 'string' ? __EKS_LOGIN_VERSION__ : '0.0.0-dev';

export async function run(argv: readonly string[], ctx: Services): Promise<number> {
  const completing = argv.indexOf('--get-yargs-completions');
  if (completing >= 0) {
    // Context and bundle names; commands and flags are left to yargs below. Nothing on stderr, ever.
    const values = await completeValues(argv.slice(completing + 1), ctx);
    if (values) {
      for (const line of values) ctx.stdout.write(`${line}\n`);
      return 0;
    }
  }
  const debug = argv.includes('--debug');
  const context = ctx.with({ logger: createStderrLogger(ctx.stderr, debug) });
  let exitCode = 0;
  let output = '';
  try {
    const parser = yargs([...argv])
      .scriptName('eks-login')
      .usage('$0 <command> [options]\n\nAccess Amazon EKS clusters with nothing but kubectl.')
      // Explicit (it is yargs-parser's default) so completion offers --no-cache for `token`.
      .parserConfiguration({ 'boolean-negation': true })
      .option('debug', { type: 'boolean', describe: 'Print diagnostics to stderr (secrets masked)', global: true })
      .strict()
      .demandCommand(1, 'Name a command; see the list above.')
      .recommendCommands()
      .version(VERSION)
      .alias('h', 'help')
      .example('$0 setup bundle.json', 'Set up this machine from the bundle your admin shared')
      .example('kubectl --context developers@demo get pods', 'kubectl then runs `eks-login token` by itself')
      .example('$0 doctor', 'Find out why kubectl says Unauthorized')
      .example('$0 completion >> ~/.bashrc', 'Enable tab completion in bash (zsh: ~/.zshrc)')
      .epilogue('Documentation: docs/ in the package, or `eks-login <command> --help`.')
      .wrap(Math.min(100, ctx.columns ?? 100))
      .exitProcess(false)
      .fail((message, error) => {
        if (error) throw error;
        const named = commands.find((c) => [c.command].flat().some((form) => form.split(' ')[0] === argv[0]));
        throw new UsageError(message, { hint: `run \`eks-login ${named ? `${argv[0]} ` : ''}--help\`` });
      });
    // A plain command rather than yargs' .completion(), which prints the script even for `completion --help`.
    // `--get-yargs-completions` (what the script calls) works either way.
    parser.command({
      command: 'completion',
      describe: 'Print a bash/zsh completion script (eval "$(eks-login completion)")',
      builder: (y) =>
        y
          .example('eval "$(eks-login completion)"', 'Complete eks-login commands and flags in this shell')
          .example('eks-login completion >> ~/.bashrc', 'The same for every new bash shell (zsh: ~/.zshrc)'),
      handler: () => void parser.showCompletionScript(),
    });
    for (const spec of commands) {
      parser.command({
        command: spec.command,
        describe: spec.describe,
        builder: spec.builder,
        handler: async (args) => {
          const code = await spec.handler(args, context);
          if (typeof code === 'number') exitCode = code;
        },
      });
    }
    await parser.parseAsync([...argv], {}, (_error: unknown, _args: unknown, text: string) => {
      output = text;
    });
  } catch (error) {
    if (output) ctx.stderr.write(`${output}\n`);
    return reportError(error, ctx.stderr, debug);
  }
  if (output) ctx.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  return exitCode;
}
