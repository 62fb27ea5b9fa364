// Reads an MFA code from the person: the question and the answer go through the controlling terminal
// (/dev/tty) when the process has one, so a client that captures the plugin's stderr (python's kubernetes
// client shows it only after a failure) still shows the prompt; else the question on stderr, the answer
// from stdin. Used only when a person can answer: kubectl said interactive (KUBERNETES_EXEC_INFO
// spec.interactive) or eks-login runs directly in a terminal. Otherwise `available` is false and the use
// case fails fast (exit 4).
import { createInterface } from 'node:readline/promises';
import type { MfaPrompt } from '../../kernel/ports.js';
import { openControllingTerminal, type TerminalStreams } from '../../infra/terminal/controlling-terminal.js';

export class TerminalMfaPrompt implements MfaPrompt {
  constructor(
    readonly available: boolean,
    private readonly input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stderr,
    private readonly terminal: () => TerminalStreams | undefined = openControllingTerminal,
  ) {}

  async ask(question: string): Promise<string> {
    const tty = this.terminal();
    const input = tty?.input ?? this.input;
    const output = tty?.output ?? this.output;
    const rl = createInterface({ input, output, terminal: false });
    try {
      output.write(question);
      const answer = await new Promise<string>((resolve) => {
        rl.once('line', resolve);
        rl.once('close', () => resolve(''));
      });
      return answer;
    } finally {
      rl.close();
      tty?.close();
    }
  }
}
