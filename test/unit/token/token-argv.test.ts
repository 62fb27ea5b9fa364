// The one argv table of `token` against the yargs definition of the full CLI: every flag yargs knows is in the
// table (read by the warm path) or named as full-CLI-only, and both readers turn the same argv into the same
// TokenFlags, in eks-login's spelling and in aws-cli's and aws-iam-authenticator's. A flag added to yargs
// alone fails here instead of silently missing the warm path.
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { tokenCommand, tokenFlagsOf } from '../../../src/cli/commands/token.js';
import {
  dashed,
  FULL_CLI_ONLY_FLAGS,
  readTokenArgv,
  TOKEN_CACHE_FLAG,
  TOKEN_OUTPUT_FLAG,
  TOKEN_VALUE_FLAGS,
} from '../../../src/token/token-argv.js';
import type { TokenFlags } from '../../../src/token/token-request.js';

interface YargsOptions {
  key: Record<string, boolean>;
  string: string[];
  boolean: string[];
  alias: Record<string, string[]>;
  choices: Record<string, string[]>;
  hiddenOptions: string[];
}

const definition = () =>
  tokenCommand.builder(
    yargs([])
      .parserConfiguration({ 'boolean-negation': true })
      .exitProcess(false)
      .fail((message, error) => {
        throw error ?? new Error(message);
      }),
  );
const options = (definition() as unknown as { getOptions(): YargsOptions }).getOptions();
/** What the handler gets for `token <args>`: yargs' parse read as TokenFlags by the command. */
const viaYargs = (args: string[]): TokenFlags =>
  stripUndefined(tokenFlagsOf(definition().parseSync(args) as Record<string, unknown>));
const warm = (args: string[]) => readTokenArgv(['token', ...args]);

const spellingsOf = TOKEN_VALUE_FLAGS.flatMap((flag) =>
  [flag.name, ...(flag.spellings ?? [])].map((name) => [dashed(name), flag] as const),
);

describe('the token argv table', () => {
  it('names every flag of the yargs definition, as the warm path reads it or as full-CLI-only', () => {
    const yargsFlags = Object.keys(options.key).filter((key) => !['help', 'version', 'token'].includes(key));
    const tableFlags = [
      ...TOKEN_VALUE_FLAGS.flatMap((flag) => [flag.name, ...(flag.spellings ?? [])]),
      TOKEN_CACHE_FLAG,
      TOKEN_OUTPUT_FLAG.name,
    ];
    expect(yargsFlags.sort()).toEqual([...tableFlags, ...FULL_CLI_ONLY_FLAGS].sort());
  });

  it.each(TOKEN_VALUE_FLAGS.map((flag) => [flag.name, flag] as const))(
    '--%s: a string in yargs with the same short form; other spellings hidden',
    (name, flag) => {
      expect(options.string).toContain(name);
      expect(options.alias[name] ?? []).toEqual(flag.short ? [flag.short] : []);
      expect(options.hiddenOptions).not.toContain(name);
      for (const spelling of flag.spellings ?? []) {
        expect(options.string).toContain(spelling);
        expect(options.hiddenOptions).toContain(spelling);
      }
    },
  );

  it(`--${TOKEN_OUTPUT_FLAG.name} has the same short form and choices in yargs`, () => {
    expect(options.alias[TOKEN_OUTPUT_FLAG.name]).toEqual([TOKEN_OUTPUT_FLAG.short]);
    expect(options.choices[TOKEN_OUTPUT_FLAG.name]).toEqual(TOKEN_OUTPUT_FLAG.choices);
  });

  it(`--${TOKEN_CACHE_FLAG} is yargs' boolean, and --no-${TOKEN_CACHE_FLAG} means the same on both paths`, () => {
    expect(options.boolean).toContain(TOKEN_CACHE_FLAG);
    const argv = ['--cluster', 'demo', `--no-${TOKEN_CACHE_FLAG}`];
    expect(warm(argv)).toEqual({ cluster: 'demo', noCache: true });
    expect(viaYargs(argv)).toEqual({ cluster: 'demo', noCache: true });
  });

  it.each(spellingsOf)('%s: both readers give the same TokenFlags (--flag v and --flag=v)', (spelled, flag) => {
    const value = flag.field === 'cluster' ? 'demo' : `value-of-${flag.name}`;
    const base = flag.field === 'cluster' ? [] : ['--cluster', 'demo'];
    for (const argv of [
      [...base, spelled, value],
      ...(spelled.startsWith('--') ? [[...base, `${spelled}=${value}`]] : []),
    ]) {
      const fast = warm(argv);
      expect(fast?.[flag.field!]).toBe(value);
      expect(viaYargs(argv)).toEqual({ noCache: false, ...fast });
    }
  });

  it.each([
    [
      'aws eks get-token (as update-kubeconfig writes it)',
      ['--cluster-name', 'demo', '--region', 'eu-west-1', '--output', 'json'],
      { cluster: 'demo', region: 'eu-west-1' },
    ],
    [
      'aws eks get-token with a role and a profile',
      [
        '--region',
        'eu-west-1',
        '--cluster-name',
        'demo',
        '--output',
        'json',
        '--role-arn',
        'arn:aws:iam::123456789012:role/dev',
        '--profile',
        'corp',
      ],
      { cluster: 'demo', region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/dev', sourceProfile: 'corp' },
    ],
    [
      'aws eks get-token for EKS on Outposts (-o, --cluster-id)',
      ['--cluster-id', 'a1b2', '-o', 'json'],
      { cluster: 'a1b2', clusterId: 'a1b2' },
    ],
    [
      'aws-iam-authenticator token',
      ['-i', 'demo', '-r', 'arn:aws:iam::123456789012:role/dev', '-s', 'mike', '--region', 'eu-west-1'],
      {
        cluster: 'demo',
        clusterId: 'demo',
        region: 'eu-west-1',
        roleArn: 'arn:aws:iam::123456789012:role/dev',
        sessionName: 'mike',
      },
    ],
    [
      'aws-iam-authenticator token, long forms',
      ['--cluster-id', 'demo', '--role', 'arn:aws:iam::123456789012:role/dev', '--session-name', 'mike'],
      { cluster: 'demo', clusterId: 'demo', roleArn: 'arn:aws:iam::123456789012:role/dev', sessionName: 'mike' },
    ],
  ])('%s: the same TokenFlags on both paths', (_name, argv, expected) => {
    expect(warm(argv)).toEqual(expected);
    expect(viaYargs(argv)).toEqual({ noCache: false, ...expected });
  });

  it.each([
    [['--cluster', 'a', '--cluster-name', 'b'], /--cluster and --cluster-name name the same flag/],
    [
      ['--cluster', 'demo', '-r', 'arn:aws:iam::123456789012:role/a', '--role-arn', 'arn:aws:iam::123456789012:role/b'],
      /--role-arn and -r name the same flag/,
    ],
    [['--cluster', 'demo', '--output', 'yaml'], /Invalid values/],
    [['--region', 'eu-west-1'], /missing required argument: --cluster/],
  ])('%j: the warm path leaves it to the full CLI, which refuses it', (argv, message) => {
    expect(warm(argv)).toBeUndefined();
    expect(() => viaYargs(argv)).toThrow(message);
  });

  it.each(FULL_CLI_ONLY_FLAGS)('--%s is left to the full CLI', (name) => {
    expect(warm(['--cluster', 'demo', `--${name}`])).toBeUndefined();
  });
});

function stripUndefined(flags: TokenFlags): TokenFlags {
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) as unknown as TokenFlags;
}
