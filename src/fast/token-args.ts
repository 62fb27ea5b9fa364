// The warm path's argv reader for `token`: accepts only the flags it fully understands, each at most
// once. Anything else (help, --debug, --decode, unknown flags, positionals) returns undefined and the
// full yargs CLI takes over, so behaviour never differs, only speed.
import type { TokenFlags } from '../core/token/token-request.js';

const VALUE_FLAGS: Record<string, keyof TokenFlags> = {
  '--cluster': 'cluster',
  '--cluster-id': 'clusterId',
  '--region': 'region',
  '--role-arn': 'roleArn',
  '--source-profile': 'sourceProfile',
  '--bundle': 'bundle',
  '--group': 'group',
};

export function parseFastTokenArgs(argv: readonly string[]): TokenFlags | undefined {
  if (argv[0] !== 'token') return undefined;
  const flags: Partial<Record<keyof TokenFlags, string | boolean>> = {};
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--no-cache') {
      if (flags.noCache !== undefined) return undefined;
      flags.noCache = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const field = VALUE_FLAGS[name];
    if (!field || flags[field] !== undefined) return undefined;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    flags[field] = value;
  }
  if (typeof flags.cluster !== 'string') return undefined;
  return flags as TokenFlags;
}
