// Enforces the layering of docs/architecture.md by reading import statements.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMeta } from '../support/build-meta.js';

const root = join(import.meta.dirname, '..', '..');
const src = join(root, 'src');
const sandboxSrc = join(root, 'packages', 'sandbox', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
}

function importsOf(file: string): ImportRef[] {
  const text = readFileSync(file, 'utf8');
  const refs: ImportRef[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/gm)) {
    refs.push({ specifier: m[3]!, typeOnly: Boolean(m[2]) });
  }
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) refs.push({ specifier: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) refs.push({ specifier: m[1]!, typeOnly: false });
  return refs;
}

const files = sourceFiles(src).map((path) => ({
  path,
  rel: relative(src, path).split('\\').join('/'),
  imports: importsOf(path),
}));
const sandboxFiles = sourceFiles(sandboxSrc).map((path) => ({
  path,
  rel: relative(root, path).split('\\').join('/'),
  imports: importsOf(path),
}));
/** Where a relative specifier of `file` points, from the repo root. */
const target = (file: string, specifier: string) =>
  relative(root, join(dirname(file), specifier))
    .split('\\')
    .join('/');

describe('import rules', () => {
  it('finds the source tree', () => {
    expect(files.some((f) => f.rel.startsWith('cli/'))).toBe(true);
  });

  it('core/ is pure: no node built-ins, no packages, no adapters, app, cli, fast or report (type-only ports are fine)', () => {
    const offenders = files
      .filter((f) => f.rel.startsWith('core/'))
      .flatMap((f) =>
        f.imports
          .filter((i) => !i.specifier.startsWith('.') || /\/(adapters|app|cli|fast|report)\//.test(`/${i.specifier}`))
          .map((i) => `${f.rel} imports ${i.specifier}`),
      );
    expect(offenders).toEqual([]);
  });

  it('adapters/ never import the cli or the composition root', () => {
    const offenders = files
      .filter((f) => f.rel.startsWith('adapters/'))
      .flatMap((f) =>
        f.imports.filter((i) => /(^|\/)(cli|app)\//.test(i.specifier)).map((i) => `${f.rel} imports ${i.specifier}`),
      );
    expect(offenders).toEqual([]);
  });

  it('fast/, report/ and app/ never import the cli (the warm path and the composition root stand without yargs)', () => {
    const offenders = files
      .filter((f) => /^(fast|report|app)\//.test(f.rel))
      .flatMap((f) =>
        f.imports.filter((i) => /(^|\/)cli\//.test(i.specifier)).map((i) => `${f.rel} imports ${i.specifier}`),
      );
    expect(offenders).toEqual([]);
  });

  it('only src/cli imports yargs', () => {
    const offenders = files
      .filter((f) => !f.rel.startsWith('cli/'))
      .flatMap((f) =>
        f.imports.filter((i) => i.specifier === 'yargs' || i.specifier.startsWith('yargs/')).map(() => f.rel),
      );
    expect(offenders).toEqual([]);
  });

  it('AWS SDK, keychain and YAML packages are imported only by adapters', () => {
    const heavy = /^(@aws-sdk\/|@smithy\/|@napi-rs\/keyring|js-yaml)/;
    const offenders = files
      .filter((f) => !f.rel.startsWith('adapters/'))
      .flatMap((f) =>
        f.imports.filter((i) => heavy.test(i.specifier) && !i.typeOnly).map((i) => `${f.rel} imports ${i.specifier}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the CLI imports the sandbox package only as types: its code never lands in the published dist/', () => {
    expect(sandboxFiles.some((f) => f.rel.endsWith('/index.ts'))).toBe(true);
    const offenders = files.flatMap((f) =>
      f.imports
        .filter(
          (i) => i.specifier.startsWith('.') && target(f.path, i.specifier).startsWith('packages/') && !i.typeOnly,
        )
        .map((i) => `${f.rel} imports ${i.specifier}`),
    );
    expect(offenders).toEqual([]);
    const bundled = Object.values(buildMeta.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(bundled.some((input) => input.startsWith('src/cli/'))).toBe(true);
    expect(bundled.filter((input) => input.startsWith('packages/'))).toEqual([]);
  });

  it('the sandbox uses of the CLI only pure core code and port types (its own verification, never the CLI adapters)', () => {
    const offenders = sandboxFiles.flatMap((f) =>
      f.imports
        .filter((i) => i.specifier.startsWith('.'))
        .map((i) => ({ i, to: target(f.path, i.specifier) }))
        .filter(
          ({ i, to }) =>
            !to.startsWith('packages/sandbox/') &&
            !to.startsWith('src/core/') &&
            !(to === 'src/ports.js' && i.typeOnly),
        )
        .map(({ i }) => `${f.rel} imports ${i.specifier}`),
    );
    expect(offenders).toEqual([]);
  });
});
