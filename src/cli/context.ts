// The CLI context: the impure edges a command may use, built once per process by createNodeContext
// (the composition root) or by tests with fakes. Heavy adapters are reached through async getters so
// a command loads only what it uses.
import { exitOnStdoutFailure, stdoutFailure } from './output-failure.js';
import type { Clock, Env, Logger, Prompter, SecretStore, StsGateway, TextSink } from '../ports.js';

export interface CliContext {
  env: Env;
  stdout: TextSink;
  stderr: TextSink;
  clock: Clock;
  /** Set by run() from --debug; messages go to stderr with secrets masked. */
  logger: Logger;
  /** True when stdin and stderr are terminals (a person can answer a prompt). */
  isInteractiveTerminal: boolean;
  /** Current working directory, for resolving relative paths given on the command line. */
  cwd: string;
  /** True when stdout is a terminal (colour is used then, unless NO_COLOR). */
  stdoutIsTerminal?: boolean;
  /** All of stdin as text; null when stdin is a terminal (nothing piped). */
  readStdin?: () => Promise<string | null>;
  /** Test seams: adapters a test replaces with fakes; commands build the real ones lazily when absent. */
  overrides?: { stsGateway?: StsGateway; secretStore?: SecretStore; prompter?: Prompter };
}

/** Builds the context for a real process. */
export function createNodeContext(proc: NodeJS.Process): CliContext {
  // A closed pipe or /dev/full on stdout is one clean line, not an unhandled 'error' event with a stack;
  // a broken stderr has nobody left to tell.
  proc.stdout.on('error', exitOnStdoutFailure);
  proc.stderr.on('error', () => undefined);
  return {
    env: proc.env,
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
    cwd: proc.cwd(),
    stdoutIsTerminal: Boolean(proc.stdout.isTTY),
    readStdin: async () => {
      if (proc.stdin.isTTY) return null;
      const chunks: Buffer[] = [];
      for await (const chunk of proc.stdin) chunks.push(Buffer.from(chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
