// Enforces the import rules of docs/architecture.md by reading import statements: which files may touch node
// built-ins and packages (node adapters, marked `*.node.ts`, and infra/), which may not (pure files), and who
// may import yargs, the heavy packages and the sandbox.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMeta } from '../support/build-meta.js';
import { importsOf, kindOf, sourceFiles, sourceTree } from './source-graph.js';

const root = join(import.meta.dirname, '..', '..');
const sandboxSrc = join(root, 'packages', 'sandbox', 'src');

const files = sourceTree();
const sandboxFiles = sourceFiles(sandboxSrc).map((path) => ({
  path,
  rel: relative(root, path).split('\\').join('/'),
  imports: importsOf(readFileSync(path, 'utf8')),
}));
/** Where a relative specifier of `file` points, from the repo root. */
const target = (file: string, specifier: string) =>
  relative(root, join(dirname(file), specifier))
    .split('\\')
    .join('/');
const isPackage = (specifier: string) => !specifier.startsWith('.');
const runtime = <T extends { typeOnly: boolean }>(i: T) => !i.typeOnly;

describe('import rules', () => {
  it('finds the source tree, and every kind of file in it', () => {
    expect(files.some((f) => f.rel.startsWith('cli/'))).toBe(true);
    expect(new Set(files.map((f) => kindOf(f.rel)))).toEqual(new Set(['node', 'shell', 'pure', 'wire']));
  });

  it('pure files import no node built-in, no package, no node adapter and nothing of infra/ (type-only imports are fine)', () => {
    const offenders = files
      .filter((f) => kindOf(f.rel) === 'pure')
      .flatMap((f) =>
        f.imports
          .filter(runtime)
          .filter((i) => isPackage(i.specifier) || (i.to !== undefined && kindOf(i.to) !== 'pure'))
          .map((i) => `${f.rel} imports ${i.specifier}`),
      );
    expect(offenders).toEqual([]);
  });

  it('a wire.ts composes node adapters but imports no node built-in or package itself', () => {
    const offenders = files
      .filter((f) => kindOf(f.rel) === 'wire')
      .flatMap((f) => f.imports.filter(runtime).filter((i) => isPackage(i.specifier)))
      .map((i) => i.specifier);
    expect(offenders).toEqual([]);
  });

  it('the `.node.ts` mark is earned: a marked file imports a built-in, a package, infra/ or another node adapter', () => {
    const unearned = files
      .filter((f) => f.rel.endsWith('.node.ts'))
      .filter(
        (f) => !f.imports.filter(runtime).some((i) => isPackage(i.specifier) || (i.to && kindOf(i.to) === 'node')),
      )
      .map((f) => f.rel);
    expect(unearned).toEqual([]);
  });

  it('node adapters, wiring and shared folders never import the process shell (cli/, container/, token-lane/)', () => {
    const offenders = files
      .filter((f) => kindOf(f.rel) !== 'shell')
      .flatMap((f) =>
        f.imports.filter((i) => i.to !== undefined && kindOf(i.to) === 'shell').map((i) => `${f.rel} imports ${i.to}`),
      );
    expect(offenders).toEqual([]);
  });

  it("a command imports only cli/, the kernel's errors and its concept's wire.ts (type-only imports aside)", () => {
    /** The concept each command belongs to: `token --decode` is diagnosis; login and logout are sessions. */
    const CONCEPT: Record<string, string> = {
      admin: 'admin',
      adopt: 'adopt',
      bundle: 'bundle',
      doctor: 'diagnose',
      key: 'key',
      login: 'session',
      logout: 'session',
      sandbox: 'sandbox',
      setup: 'setup',
      sync: 'setup',
      token: 'token',
      'token-decode': 'diagnose',
      whoami: 'diagnose',
    };
    const commands = files.filter(
      (f) => /^cli\/commands\/[\w-]+\.ts$/.test(f.rel) && f.rel !== 'cli/commands/index.ts',
    );
    expect(commands.map((f) => f.rel.slice('cli/commands/'.length, -3)).sort()).toEqual(Object.keys(CONCEPT).sort());
    const offenders = commands.flatMap((f) => {
      const concept = CONCEPT[f.rel.slice('cli/commands/'.length, -3)]!;
      // A renderer is the wire's to call: the command gets its writes back from the one wired call.
      const allowed = (to: string) => to.startsWith('cli/') || to === 'kernel/errors.ts' || to === `${concept}/wire.ts`;
      return f.imports
        .filter(runtime)
        .filter((i) =>
          i.to !== undefined ? !allowed(i.to) : i.specifier !== 'yargs' && !i.specifier.startsWith('node:'),
        )
        .map((i) => `${f.rel} imports ${i.specifier}`);
    });
    expect(offenders).toEqual([]);
  });

  it('a command writes only through cli/emit.ts: the writes its one wired call returned, then its failure', () => {
    const commands = files.filter(
      (f) => /^cli\/commands\/[\w-]+\.ts$/.test(f.rel) && f.rel !== 'cli/commands/index.ts',
    );
    const texts = commands.map((f) => ({ rel: f.rel, text: readFileSync(join(root, 'src', f.rel), 'utf8') }));
    expect(texts.filter((f) => /\.write\(|\bctx\.(stdout|stderr)\b/.test(f.text)).map((f) => f.rel)).toEqual([]);
    // `sandbox` runs its servers until Ctrl-C and says what it does as it goes (sandbox/wire.ts writes).
    expect(
      texts.filter((f) => !/\bemit\(ctx, /.test(f.text)).map((f) => f.rel.slice('cli/commands/'.length, -3)),
    ).toEqual(['sandbox']);
  });

  it('only src/cli imports yargs', () => {
    const offenders = files
      .filter((f) => !f.rel.startsWith('cli/'))
      .flatMap((f) =>
        f.imports.filter((i) => i.specifier === 'yargs' || i.specifier.startsWith('yargs/')).map(() => f.rel),
      );
    expect(offenders).toEqual([]);
  });

  it('AWS SDK, keychain and YAML packages are imported only by node adapters', () => {
    const heavy = /^(@aws-sdk\/|@smithy\/|@napi-rs\/keyring|js-yaml)/;
    const offenders = files
      .filter((f) => kindOf(f.rel) !== 'node')
      .flatMap((f) =>
        f.imports.filter((i) => heavy.test(i.specifier) && !i.typeOnly).map((i) => `${f.rel} imports ${i.specifier}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the rules read the marks right', () => {
    expect(
      ['infra/fs/atomic-file.ts', 'token/token-cache.node.ts', 'setup/wire.ts', 'cli/run.ts', 'main.ts'].map(kindOf),
    ).toEqual(['node', 'node', 'wire', 'shell', 'shell']);
    expect(['token/get-token.ts', 'kernel/errors.ts', 'record/setup-record.ts'].map(kindOf)).toEqual([
      'pure',
      'pure',
      'pure',
    ]);
    expect(
      importsOf("import { a, type B } from 'x';\nimport { type C } from 'y';\nexport type { D } from 'z';"),
    ).toEqual([
      { specifier: 'x', typeOnly: false },
      { specifier: 'y', typeOnly: true },
      { specifier: 'z', typeOnly: true },
    ]);
  });

  it('the CLI imports the sandbox package only as types: its code never lands in the published dist/', () => {
    expect(sandboxFiles.some((f) => f.rel.endsWith('/index.ts'))).toBe(true);
    const offenders = files.flatMap((f) =>
      f.imports
        .filter((i) => i.to !== undefined && i.to.startsWith('../packages/') && !i.typeOnly)
        .map((i) => `${f.rel} imports ${i.specifier}`),
    );
    expect(offenders).toEqual([]);
    const bundled = Object.values(buildMeta.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(bundled.some((input) => input.startsWith('src/cli/'))).toBe(true);
    expect(bundled.filter((input) => input.startsWith('packages/'))).toEqual([]);
  });

  it('the sandbox uses of the CLI only pure code (its own verification, never the CLI adapters or error classes)', () => {
    const offenders = sandboxFiles.flatMap((f) =>
      f.imports
        .filter((i) => i.specifier.startsWith('.'))
        .map((i) => ({ i, to: target(f.path, i.specifier) }))
        .filter(
          ({ to }) =>
            !to.startsWith('packages/sandbox/') &&
            !(
              to.startsWith('src/') &&
              kindOf(to.slice(4).replace(/\.js$/, '.ts')) === 'pure' &&
              to !== 'src/kernel/errors.js'
            ),
        )
        .map(({ i }) => `${f.rel} imports ${i.specifier}`),
    );
    expect(offenders).toEqual([]);
  });
});
