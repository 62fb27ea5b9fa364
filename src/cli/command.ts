// How a command plugs into the CLI: a factory that receives the services (services/services.ts) and returns a yargs module.
// Every command has one shape: yargs → an input object → one wired call (its concept's wire.ts) → a pure
// renderer → writes (cli/emit.ts). A failure is thrown, never returned: the exit code comes from the error's class.
import type { Argv, ArgumentsCamelCase } from 'yargs';
import type { Services } from '../services/services.js';

export interface CommandSpec<A> {
  command: string | string[];
  describe: string;
  /** Left out of the help and the list of commands (it still runs), e.g. `sandbox` outside a repo checkout. */
  hidden?: (ctx: Services) => boolean;
  builder: (y: Argv) => Argv<A>;
  /** Resolves when the command succeeded (exit 0); a failure throws an EksLoginError, `reported` when already said. */
  handler: (args: ArgumentsCamelCase<A>, ctx: Services) => Promise<void>;
}

export type CommandFactory = CommandSpec<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Identity helper that keeps the argument type of one command. */
export function defineCommand<A>(spec: CommandSpec<A>): CommandSpec<A> {
  return spec;
}
