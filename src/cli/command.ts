// How a command plugs into the CLI: a factory that receives the services (services/services.ts) and returns a yargs module.
// Commands are thin: parse flags into an input object, call core, render the result.
import type { Argv, ArgumentsCamelCase } from 'yargs';
import type { Services } from '../services/services.js';

export interface CommandSpec<A> {
  command: string | string[];
  describe: string;
  /** Left out of the help and the list of commands (it still runs), e.g. `sandbox` outside a repo checkout. */
  hidden?: (ctx: Services) => boolean;
  builder: (y: Argv) => Argv<A>;
  /** Returns the exit code (0 unless the command reports a failure without throwing, e.g. doctor). */
  handler: (args: ArgumentsCamelCase<A>, ctx: Services) => Promise<number | void>;
}

export type CommandFactory = CommandSpec<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Identity helper that keeps the argument type of one command. */
export function defineCommand<A>(spec: CommandSpec<A>): CommandSpec<A> {
  return spec;
}
