// The one argv table of `eks-login token`, shared by the warm path (readTokenArgv below, bundled into
// dist/entry.cjs) and the full CLI (cli/commands/token.ts builds its yargs options from it). A flag the table
// lacks is left to the full CLI; test/unit/token/token-argv.test.ts checks the table against the yargs
// definition, so a new flag cannot silently miss the warm path. Pure: no node:*, no yargs.
import type { TokenFlags } from './token-request.js';

export interface TokenArgvFlag {
  /** The flag as --help shows it: the yargs option name. */
  readonly name: string;
  /** The TokenFlags field it sets; absent: accepted and ignored when minting. */
  readonly field?: Exclude<keyof TokenFlags, 'noCache'>;
  /** --help's own short form (a yargs alias, shown). */
  readonly short?: string;
  /** The values it accepts (yargs `choices`), when limited. */
  readonly choices?: readonly string[];
}

/** The value flags, in --help's order; `--[no-]cache` (a boolean) follows them. */
export const TOKEN_VALUE_FLAGS: readonly TokenArgvFlag[] = [
  { name: 'cluster', field: 'cluster' },
  { name: 'cluster-id', field: 'clusterId' },
  { name: 'region', field: 'region' },
  { name: 'role-arn', field: 'roleArn' },
  { name: 'source-profile', field: 'sourceProfile' },
  { name: 'bundle', field: 'bundle' },
  { name: 'group', field: 'group' },
];

/** The boolean: `--no-cache` (always mint); the warm path reads only the negated form. */
export const TOKEN_CACHE_FLAG = 'cache';

/** Flags of the yargs definition that the warm path leaves to the full CLI, on purpose. */
export const FULL_CLI_ONLY_FLAGS: readonly string[] = ['decode', 'output'];

const BY_ARG = new Map<string, TokenArgvFlag>(TOKEN_VALUE_FLAGS.flatMap((flag) => [[`--${flag.name}`, flag] as const, ...(flag.short ? [[`-${flag.short}`, flag] as const] : [])]));

/**
 * `token` argv (argv[0] === 'token') to TokenFlags, accepting only the table's flags, each at most once, as
 * `--flag value` or `--flag=value`. Anything else (help, --debug, --decode, unknown flags, positionals, a
 * repeated flag, a missing value) is undefined: the full CLI decides, so behaviour never differs, only speed.
 */
export function readTokenArgv(argv: readonly string[]): TokenFlags | undefined {
  if (argv[0] !== 'token') return undefined;
  const flags: Partial<Record<keyof TokenFlags, string | boolean>> = {};
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--no-${TOKEN_CACHE_FLAG}`) {
      if (flags.noCache !== undefined) return undefined;
      flags.noCache = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = BY_ARG.get(eq > 0 ? arg.slice(0, eq) : arg);
    if (!flag?.field || flags[flag.field] !== undefined) return undefined;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    flags[flag.field] = value;
  }
  if (typeof flags.cluster !== 'string') return undefined;
  return flags as TokenFlags;
}
