// The facts of a real process for the composition root (services/services.ts): process.env, the cwd, stdio
// and whether they are terminals, the system clock, and the command's one cancellation (command-signal.ts).
// Reading them, the root also decides once what the AWS SDK needs of the process (sdk-process.ts).
import { exitOnStdoutFailure, stdoutFailure } from '../infra/output-failure.js';
import { platformOf } from '../kernel/platform.js';
import { commandSignal, type CommandSignal } from './command-signal.js';
import { prepareProcessForSdk } from './sdk-process.js';
import type { Edges } from '../services/services.js';

export function nodeEdges(proc: NodeJS.Process, cancel: CommandSignal = commandSignal(proc)): Edges {
  // A closed pipe or /dev/full on stdout is one clean line, not an unhandled 'error' event with a stack;
  // a broken stderr has nobody left to tell.
  proc.stdout.on('error', exitOnStdoutFailure);
  proc.stderr.on('error', () => undefined);
  prepareProcessForSdk(proc.env);
  return {
    env: proc.env,
    cwd: proc.cwd(),
    stdout: {
      write: (text) => {
        try {
          proc.stdout.write(text);
        } catch (error) {
          throw stdoutFailure(error);
        }
      },
    },
    stderr: { write: (text) => void proc.stderr.write(text) },
    clock: { now: () => new Date() },
    logger: { debug: () => undefined, warn: (m) => void proc.stderr.write(`eks-login: warning: ${m}\n`) },
    isInteractiveTerminal: Boolean(proc.stdin.isTTY && proc.stderr.isTTY),
    stdoutIsTerminal: Boolean(proc.stdout.isTTY),
    columns: proc.stdout.columns,
    readStdin: async () => {
      if (proc.stdin.isTTY) return null;
      const chunks: Buffer[] = [];
      for await (const chunk of proc.stdin) chunks.push(Buffer.from(chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
    script: proc.argv[1] ?? 'eks-login',
    signal: () => cancel.signal(),
    pid: proc.pid,
    platform: platformOf(proc.platform),
  };
}
