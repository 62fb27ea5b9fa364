// Reads an MFA code from the terminal: the question on stderr, the answer from stdin. Used only when a
// person can answer: kubectl said interactive (KUBERNETES_EXEC_INFO spec.interactive) or eks-login runs
// directly in a terminal. Otherwise `available` is false and the use case fails fast (exit 4).
import { createInterface } from 'node:readline/promises';
import type { MfaPrompt } from '../core/role-session/obtain-role-session.js';

export class TerminalMfaPrompt implements MfaPrompt {
  constructor(
    readonly available: boolean,
    private readonly input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stderr,
  ) {}

  async ask(question: string): Promise<string> {
    const rl = createInterface({ input: this.input, output: this.output, terminal: false });
    try {
      this.output.write(question);
      const answer = await new Promise<string>((resolve) => {
        rl.once('line', resolve);
        rl.once('close', () => resolve(''));
      });
      return answer;
    } finally {
      rl.close();
    }
  }
}
