// The one argv table of `eks-login token`, shared by the warm path (readTokenArgv below, bundled into
// dist/hit.cjs) and the full CLI (cli/commands/token.ts builds its yargs options from it). A flag the table
// lacks is left to the full CLI; test/unit/token/token-argv.test.ts checks the table against the yargs
// definition, so a new flag cannot silently miss the warm path. Pure: no node:*, no yargs.
//
// `spellings` are the flags of the tools `token` replaces, so that switching a kubeconfig means changing only
// its `command:` (docs/token.md): aws-cli's `aws eks get-token` (--cluster-name, --role-arn, --region,
// --cluster-id, the global --profile, --output json) and `aws-iam-authenticator token` (-i/--cluster-id,
// -r/--role, --region, -s/--session-name). They mean exactly what eks-login's own flag means; --help hides them.
import type { TokenFlags } from './token-request.js';

export interface TokenArgvFlag {
  /** The flag as --help shows it: the yargs option name. */
  readonly name: string;
  /** The TokenFlags field it sets; absent: accepted and ignored when minting (aws-cli's --output json). */
  readonly field?: Exclude<keyof TokenFlags, 'noCache'>;
  /** Other tools' spellings (without dashes; one letter = a short flag): same meaning, hidden from --help. */
  readonly spellings?: readonly string[];
  /** --help's own short form (a yargs alias, shown). */
  readonly short?: string;
  /** The values it accepts (yargs `choices`), when limited. */
  readonly choices?: readonly string[];
}

/** The value flags that set TokenFlags, in --help's order; `--[no-]cache` (a boolean) follows them. */
export const TOKEN_VALUE_FLAGS: readonly TokenArgvFlag[] = [
  { name: 'cluster', field: 'cluster', spellings: ['cluster-name'] },
  { name: 'cluster-id', field: 'clusterId', spellings: ['i'] },
  { name: 'region', field: 'region' },
  { name: 'role-arn', field: 'roleArn', spellings: ['role', 'r'] },
  { name: 'session-name', field: 'sessionName', spellings: ['s'] },
  { name: 'source-profile', field: 'sourceProfile', spellings: ['profile'] },
  { name: 'bundle', field: 'bundle' },
  { name: 'group', field: 'group' },
];

/** The boolean: `--no-cache` (always mint); the warm path reads only the negated form. */
export const TOKEN_CACHE_FLAG = 'cache';

/** `--output`/`-o`: --decode's format; when minting, accepted and ignored (the output is always the JSON kubectl reads). */
export const TOKEN_OUTPUT_FLAG: TokenArgvFlag = { name: 'output', short: 'o', choices: ['text', 'json'] };

/** Flags of the yargs definition that the warm path leaves to the full CLI, on purpose. */
export const FULL_CLI_ONLY_FLAGS: readonly string[] = ['decode'];

/** `--name` for a name, `-n` for a one-letter spelling. */
export const dashed = (name: string): string => (name.length === 1 ? `-${name}` : `--${name}`);

const BY_ARG = new Map<string, TokenArgvFlag>(
  [...TOKEN_VALUE_FLAGS, TOKEN_OUTPUT_FLAG].flatMap((flag) =>
    [flag.name, ...(flag.short ? [flag.short] : []), ...(flag.spellings ?? [])].map(
      (name) => [dashed(name), flag] as const,
    ),
  ),
);

/**
 * `token` argv (argv[0] === 'token') to TokenFlags, accepting only the table's flags, each at most once (in
 * any spelling), as `--flag value` or `--flag=value`. Anything else (help, --debug, --decode, unknown flags,
 * positionals, a repeated flag, a missing value, a value outside `choices`) is undefined: the full CLI
 * decides, so behaviour never differs, only speed.
 */
export function readTokenArgv(argv: readonly string[]): TokenFlags | undefined {
  if (argv[0] !== 'token') return undefined;
  const flags: Partial<Record<keyof TokenFlags, string | boolean>> = {};
  const seen = new Set<TokenArgvFlag>();
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--no-${TOKEN_CACHE_FLAG}`) {
      if (flags.noCache !== undefined) return undefined;
      flags.noCache = true;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = BY_ARG.get(eq > 0 ? arg.slice(0, eq) : arg);
    if (!flag || seen.has(flag)) return undefined;
    seen.add(flag);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    if (flag.choices && !flag.choices.includes(value)) return undefined;
    if (flag.field) flags[flag.field] = value;
  }
  return withClusterName(flags as Partial<TokenFlags>);
}

/**
 * aws-iam-authenticator names a cluster by its id alone (`-i`), as aws-cli does for EKS on Outposts
 * (`--cluster-id`): the cluster's name is then its id. Undefined without either.
 */
export function withClusterName(flags: Partial<TokenFlags>): TokenFlags | undefined {
  const cluster = flags.cluster ?? flags.clusterId;
  return typeof cluster === 'string' ? { ...flags, cluster } : undefined;
}
