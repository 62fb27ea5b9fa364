// The one argv table of `token` against the yargs definition of the full CLI: every flag yargs knows is in the
// table (read by the warm path) or named as full-CLI-only, and both readers turn the same argv into the same
// TokenFlags. A flag added to yargs alone fails here instead of silently missing the warm path.
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { tokenCommand, tokenFlagsOf } from '../../../src/cli/commands/token.js';
import { FULL_CLI_ONLY_FLAGS, readTokenArgv, TOKEN_CACHE_FLAG, TOKEN_VALUE_FLAGS } from '../../../src/core/token/token-argv.js';

interface YargsOptions {
  key: Record<string, boolean>;
  string: string[];
  boolean: string[];
  alias: Record<string, string[]>;
  hiddenOptions: string[];
}

const definition = () => tokenCommand.builder(yargs([]).parserConfiguration({ 'boolean-negation': true }));
const options = (definition() as unknown as { getOptions(): YargsOptions }).getOptions();
/** What yargs gives the handler for `token <args>`, read as TokenFlags by the command. */
const viaYargs = (args: string[]) => tokenFlagsOf(definition().parseSync(args) as Record<string, unknown>);

describe('the token argv table', () => {
  it('names every flag of the yargs definition, as the warm path reads it or as full-CLI-only', () => {
    const yargsFlags = Object.keys(options.key).filter((key) => !['help', 'version', 'token'].includes(key));
    const tableFlags = [...TOKEN_VALUE_FLAGS.map((flag) => flag.name), TOKEN_CACHE_FLAG];
    expect(yargsFlags.sort()).toEqual([...tableFlags, ...FULL_CLI_ONLY_FLAGS].sort());
  });

  it.each(TOKEN_VALUE_FLAGS.map((flag) => [flag.name, flag] as const))('--%s: a string in yargs with the same short form', (name, flag) => {
    expect(options.string).toContain(name);
    expect(options.alias[name] ?? []).toEqual(flag.short ? [flag.short] : []);
  });

  it(`--${TOKEN_CACHE_FLAG} is yargs' boolean, and --no-${TOKEN_CACHE_FLAG} means the same on both paths`, () => {
    expect(options.boolean).toContain(TOKEN_CACHE_FLAG);
    const argv = ['--cluster', 'demo', `--no-${TOKEN_CACHE_FLAG}`];
    expect(readTokenArgv(['token', ...argv])).toEqual({ cluster: 'demo', noCache: true });
    expect(viaYargs(argv)).toMatchObject({ cluster: 'demo', noCache: true });
  });

  it.each(TOKEN_VALUE_FLAGS.map((flag) => [flag.name, flag] as const))('--%s: both readers give the same TokenFlags (--flag v, --flag=v, the short form)', (name, flag) => {
    const value = flag.field === 'cluster' ? 'demo' : `value-of-${name}`;
    const base = flag.field === 'cluster' ? [] : ['--cluster', 'demo'];
    for (const argv of [[...base, `--${name}`, value], [...base, `--${name}=${value}`], ...(flag.short ? [[...base, `-${flag.short}`, value]] : [])]) {
      const warm = readTokenArgv(['token', ...argv]);
      expect(warm?.[flag.field!]).toBe(value);
      expect(stripUndefined(viaYargs(argv))).toEqual({ noCache: false, ...warm });
    }
  });

  it.each(FULL_CLI_ONLY_FLAGS)('--%s is left to the full CLI', (name) => {
    expect(readTokenArgv(['token', '--cluster', 'demo', `--${name}`, 'json'])).toBeUndefined();
  });
});

function stripUndefined(flags: object): object {
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
}
