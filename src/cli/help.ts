// What --help shows beyond yargs' own layout: the exit codes (docs/token.md, "Exit codes"), and examples that never break
// inside a command. yargs puts examples in a two-column table whose left column is at most half the width, and
// wraps a longer command mid-word; such a table is laid out kubectl's way instead: the description as a `#` line,
// the command under it, broken (with ` \`) only where an option, a pipe or `&&` starts.
import type { Argv } from 'yargs';

export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0  ok',
  '  1  internal error',
  '  2  usage: a wrong command or flag, or a question and no terminal to ask it on',
  '  3  invalid bundle, kubeconfig or configuration',
  '  4  credentials missing or expired, or MFA needed without a terminal',
  '  5  access denied by AWS',
  '  6  network: an endpoint unreachable',
  '  7  keychain, cache or lock failure',
  '  130  interrupted (Ctrl-C): nothing more was done',
].join('\n');

type Example = readonly [command: string, description: string];

/** yargs' table (returned as undefined) when every command fits its left column; else the stacked text. */
function stackedExamples(examples: readonly Example[], width: number, scriptName: string): string | undefined {
  const commands = examples.map(([command]) => command.replace(/\$0/g, scriptName));
  if (commands.every((command) => command.length <= Math.floor(width * 0.5))) return undefined;
  const room = width - 4; // cliui's padding: two columns either side
  const blocks = examples.map(([, description], i) =>
    [
      ...wrapWords(description, room - 2).map((line) => `  # ${line}`),
      ...breakCommand(commands[i]!, room).map((line) => `  ${line}`),
    ].join('\n'),
  );
  return `Examples:\n${blocks.join('\n\n')}\n`;
}

/**
 * A command as lines of at most `room` characters, broken (shell-continued) only before an option, a `|`, an `&&` or a redirection;
 * a piped command goes to its own line rather than being split.
 */
export function breakCommand(command: string, room: number): string[] {
  const units: string[] = [];
  for (const word of shellWords(command)) {
    if (units.length === 0 || /^(-|\||&&|>)/.test(word)) units.push(word);
    else units[units.length - 1] += ` ${word}`;
  }
  const lines: string[] = [];
  let line = '';
  const fits = (text: string) => `${lines.length > 0 ? '    ' : ''}${text} \\`.length <= room;
  const joins = /^(\||&&)/;
  /** From a `|` or `&&` to the next one: kept on one line when it fits there. */
  const piped = (i: number) => {
    let end = i + 1;
    while (end < units.length && !joins.test(units[end]!)) end++;
    return units.slice(i, end).join(' ');
  };
  units.forEach((unit, i) => {
    if (line && !fits(`${line} ${joins.test(unit) ? piped(i) : unit}`)) {
      lines.push(`${lines.length > 0 ? '    ' : ''}${line} \\`);
      line = unit;
    } else line = line ? `${line} ${unit}` : unit;
  });
  lines.push(`${lines.length > 0 ? '    ' : ''}${line}`);
  return lines;
}

/** Words split at spaces outside quotes (a quoted "-x" is not an option boundary). */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote = '';
  for (const char of command) {
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === ' ') {
      if (word) words.push(word);
      word = '';
      continue;
    }
    word += char;
  }
  if (word) words.push(word);
  return words;
}

function wrapWords(text: string, room: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && `${line} ${word}`.length > room) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/**
 * Runs a command's builder with its `.example()` calls collected, then adds them as yargs examples when they fit,
 * else as the stacked text (an epilogue, which keeps each line's indentation).
 */
export function withExamples<T>(
  y: Argv<T>,
  width: number,
  scriptName: string,
  build: (y: Argv<T>) => Argv<T>,
  after: readonly string[] = [],
): Argv<T> {
  const examples: Example[] = [];
  const own = y as unknown as { example: unknown };
  own.example = (command: string, description?: string) => (examples.push([command, description ?? '']), y);
  let built: Argv<T>;
  try {
    built = build(y);
  } finally {
    delete own.example; // back to yargs' own method
  }
  const stacked = stackedExamples(examples, width, scriptName);
  if (stacked === undefined) for (const [command, description] of examples) built.example(command, description);
  else built.epilogue(stacked);
  for (const text of after) built.epilogue(text);
  return built;
}
