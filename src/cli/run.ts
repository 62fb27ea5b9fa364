// run(argv, ctx): the CLI shell. The only place that parses argv and maps errors to exit codes.
import yargs from 'yargs';
import { UsageError } from '../kernel/errors.js';
import { commands } from './commands/index.js';
import { completeValues } from './completion/complete-command-values.js';
import { completionCommand } from './completion/completion-command.js';
import { EXIT_CODES_HELP, withExamples } from './help.js';
import type { CommandFactory } from './command.js';
import type { Services } from '../services/services.js';
import { createStderrLogger } from '../kernel/debug-logger.js';
import { reportError } from '../kernel/report-error.js';

declare const __EKS_LOGIN_VERSION__: string;
const VERSION: string = typeof __EKS_LOGIN_VERSION__ === 'string' ? __EKS_LOGIN_VERSION__ : '0.0.0-dev';

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
  const hidden = new Set(commands.filter((spec) => spec.hidden?.(ctx)));
  const visible = commands.filter((spec) => !hidden.has(spec));
  // `eks-login help [command]` is `eks-login [command] --help`, as in kubectl.
  const asked = argv[0] === 'help' ? [...argv.slice(1), '--help'] : argv;
  const named = asked.find((arg) => !arg.startsWith('-'));
  // Bare `eks-login` (or only --debug) is a request for the help, as in kubectl.
  const words = named === undefined && asked.every((arg) => arg === '--debug') ? [...asked, '--help'] : [...asked];
  if (completing < 0 && named !== undefined && !KNOWN.has(named))
    return reportError(unknownCommand(named, visible), ctx.stderr, debug);
  let output = '';
  try {
    const width = Math.min(100, ctx.columns ?? 100);
    const parser = yargs(words).scriptName('eks-login');
    withExamples(
      parser,
      width,
      'eks-login',
      (y) =>
        y
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
          .example('$0 completion bash >> ~/.bashrc', 'Enable tab completion in bash (also: zsh, fish)'),
      [`${EXIT_CODES_HELP}\n`, 'Documentation: docs/ in the package, or `eks-login <command> --help`.'],
    )
      .wrap(width)
      .exitProcess(false)
      .fail((message, error) => {
        if (error) throw error;
        throw new UsageError(message, { hint: `run \`eks-login ${named ? `${named} ` : ''}--help\`` });
      });
    for (const spec of [completionCommand, ...commands]) {
      parser.command({
        command: spec.command,
        describe: hidden.has(spec) ? false : spec.describe,
        // --version belongs to eks-login, listed once in the top-level help (it still works after a command).
        builder: (y) => withExamples(y, width, 'eks-login', (built) => spec.builder(built).hide('version')),
        handler: (args) => spec.handler(args, context),
      });
    }
    await parser.parseAsync(words, {}, (_error: unknown, _args: unknown, text: string) => {
      output = text;
    });
  } catch (error) {
    if (output) ctx.stderr.write(`${output}\n`);
    return reportError(error, ctx.stderr, debug);
  }
  if (output) ctx.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  return 0;
}

/** Every command word and alias, hidden ones included (`sandbox` still runs, and explains itself, where it is hidden). */
const KNOWN = new Set(
  [completionCommand, ...commands].flatMap((spec) => [spec.command].flat().map((form) => form.split(' ')[0]!)),
);

function unknownCommand(word: string, visible: readonly CommandFactory[]): UsageError {
  const names = ['completion', ...visible.map((spec) => [spec.command].flat()[0]!.split(' ')[0]!)];
  const near = names.filter((name) => distance(word, name) <= Math.max(1, Math.floor(name.length / 3)));
  return new UsageError(`unknown command "${word}"${near.length > 0 ? `; did you mean ${near.join(' or ')}?` : ''}`, {
    hint: `the commands are ${names.join(', ')}; run \`eks-login --help\` for what each does`,
  });
}

/** Levenshtein distance (typos of a command name). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}
