// The older call shape of run-cli.ts (args, env, stdin), kept for the token tests; one implementation.
import { runCliAsync, type CliRun } from './run-cli.js';

export { BIN } from './run-cli.js';
export type ProcessResult = CliRun;

/** Spawns `node bin/eks-login …args` with PATH, `env` (a throwaway HOME unless given) and stdin text. */
export function runBin(args: string[], env: Record<string, string | undefined>, stdin = ''): Promise<ProcessResult> {
  return runCliAsync(args, { env, stdin });
}
