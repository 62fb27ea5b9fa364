// Prompter on the process terminal: questions and answers through the controlling terminal (/dev/tty)
// when there is one, so they reach the person even when stderr is captured; else questions on stderr
// (stdout stays clean), answers from stdin. Secret answers are read in raw mode and echoed as nothing, so
// they never reach the screen or a scrollback.
import { UsageError } from '../../kernel/errors.js';
import type { Prompter } from '../../kernel/ports.js';
import { openControllingTerminal, type TerminalStreams } from './controlling-terminal.js';

const cancelled = () =>
  new UsageError('setup cancelled at the prompt: nothing was stored or written', { code: 'CANCELLED' });

/** Reads one line in raw mode, echoing nothing for secrets; Ctrl-C / Ctrl-D cancel. */
function readLine(
  stdin: NodeJS.ReadStream,
  stderr: NodeJS.WriteStream,
  question: string,
  secret: boolean,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let line = '';
    const wasRaw = stdin.isRaw;
    stdin.setRawMode(true); // before the question: an answer typed ahead must not be echoed by the terminal
    stderr.write(question);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003' || char === '\u0004') return done(cancelled());
        if (char === '\u007f' || char === '\b') {
          if (line.length > 0 && !secret) stderr.write('\b \b');
          line = line.slice(0, -1);
        } else if (char >= ' ') {
          line += char;
          if (!secret) stderr.write(char);
        }
      }
    };
    stdin.on('data', onData);
  });
}

export function createTerminalPrompter(
  stdin: NodeJS.ReadStream = process.stdin,
  stderr: NodeJS.WriteStream = process.stderr,
  terminal: () => TerminalStreams | undefined = openControllingTerminal,
): Prompter {
  return {
    async ask(question, options = {}) {
      const tty = terminal();
      try {
        return await readLine(tty?.input ?? stdin, tty?.output ?? stderr, question, options.secret === true);
      } finally {
        tty?.close();
      }
    },
  };
}
