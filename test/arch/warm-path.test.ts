// The warm token path stays lean: bin/eks-login (the directories and the code cache loader) and dist/hit.cjs
// (what it loads for `token`), by their static-import closures in esbuild's dist/meta.json, hold only what
// answers a cache hit: no miss, no error reporting, no yargs, AWS SDK, smithy or js-yaml code. What they do not
// answer is dist/dispatch.cjs, required only then; that one still loads no package code itself (a miss with
// environment keys mints there). npm test builds first.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMeta, staticClosure } from '../support/build-meta.js';

const root = join(import.meta.dirname, '..', '..');
const outputOf = (entryPoint: string): string =>
  Object.keys(buildMeta.outputs).find((o) => buildMeta.outputs[o]!.entryPoint === entryPoint)!;
const inputsOf = (output: string): string[] =>
  [...staticClosure(output)].flatMap((o) => Object.keys(buildMeta.outputs[o]!.inputs));
const requiredBy = (output: string): string[] =>
  buildMeta.outputs[output]!.imports.filter((i) => i.kind === 'require-call' && !i.path.startsWith('node:')).map(
    (i) => i.path,
  );
const dynamicOf = (output: string): string[] =>
  [...staticClosure(output)].flatMap((o) =>
    buildMeta.outputs[o]!.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path),
  );

describe('warm path (bin/eks-login + dist/hit.cjs)', () => {
  const entry = outputOf('src/main.ts');
  const hit = outputOf('src/token-lane/warm-token.ts');
  const inputs = [...inputsOf(entry), ...inputsOf(hit)];

  it('is the executable itself, and the cache hit is dist/hit.cjs, which it loads with the code cache', () => {
    // no file between the executable and the hit: requiring one costs a hit a second module resolution and compile
    expect(entry).toBe('bin/eks-login');
    expect(hit).toBe('dist/hit.cjs');
    expect(readFileSync(join(root, 'bin', 'eks-login'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(statSync(join(root, 'bin', 'eks-login')).mode & 0o111).toBe(0o111);
    expect(readFileSync(join(root, 'bin', 'kubectl-eks_login'), 'utf8')).toContain("require('./eks-login')");
    expect(inputsOf(entry)).toEqual(
      expect.arrayContaining(['src/token-lane/code-cache.ts', 'src/token-lane/warm-paths.ts']),
    );
    expect(inputsOf(entry)).not.toContain('src/token-lane/warm-token.ts');
    expect(inputsOf(hit)).toEqual(
      expect.arrayContaining(['src/token-lane/warm-token.ts', 'src/token/cache/token-cache.node.ts']),
    );
  });

  it('holds nothing only a miss or an error needs: minting, the cache writer, role sessions, error reporting', () => {
    const missOnly = inputs.filter((i) =>
      /^src\/(token-lane\/mint-env-keys|token\/get-token|token\/cache\/token-cache-writer|container\/|credentials\/role-session\/obtain|kernel\/report-error)/.test(
        i,
      ),
    );
    expect(missOnly).toEqual([]);
  });

  it('loads no HTTP layer or proxy agent: only the profile STS settings reader (node:fs) is added for the cache key', () => {
    expect(inputs.filter((i) => i.startsWith('src/infra/http/') || /proxy-agent|proxy-from-env/.test(i))).toEqual([]);
    expect(inputs).toContain('src/infra/aws/aws-config-file.ts');
  });

  it('loads no package code', () => {
    expect(inputs.filter((i) => i.includes('node_modules/'))).toEqual([]);
  });

  it('reaches everything else only by requiring dist/dispatch.cjs, and imports nothing dynamically', () => {
    expect(requiredBy(entry).sort()).toEqual(['../dist/dispatch.cjs', '../dist/hit.cjs']);
    expect(requiredBy(hit)).toEqual([]);
    expect([...dynamicOf(entry), ...dynamicOf(hit)]).toEqual([]);
  });

  it('is ASCII: one other character (a comment kept) and V8 holds the whole source as UTF-16, slower to read', () => {
    for (const file of [entry, hit]) {
      expect([...readFileSync(join(root, file), 'latin1')].filter((c) => c > '\x7f')).toEqual([]);
    }
  });

  it('writes its code cache with node:fs alone, without the general atomic writer (node:crypto, node:path)', () => {
    expect(inputsOf(hit)).toContain('src/token-lane/code-cache-writer.ts');
    expect(inputs.filter((i) => /atomic-file|private-file/.test(i))).toEqual([]);
  });

  it('compiles, in the entry, only the code cache loader and the cache directory: the rest is in the cached hit', () => {
    // the entry is the one file V8 compiles on every hit; the writer, the platform table and the other paths are
    // dist/hit.cjs's (docs/performance.md)
    const text = readFileSync(join(root, entry), 'utf8');
    expect(inputsOf(entry)).not.toContain('src/token-lane/code-cache-writer.ts');
    expect(text).not.toMatch(/writeFileSync|Credential Manager|secrets\.json|bundles/);
    expect(text.length).toBeLessThan(4096);
  });
});

describe('what the warm path did not answer (dist/dispatch.cjs)', () => {
  const dispatch = outputOf('src/dispatch.ts');
  const inputs = inputsOf(dispatch);

  it('mints with environment keys itself, without yargs, AWS SDK, smithy or js-yaml', () => {
    expect(dispatch).toBe('dist/dispatch.cjs');
    expect(inputs).toContain('src/token-lane/mint-env-keys.ts');
    expect(inputs.filter((i) => i.includes('node_modules/'))).toEqual([]);
    expect(inputs).not.toContain('src/cli/run.ts');
    expect(inputs).not.toContain('src/token/sigv4-presigner.node.ts');
  });

  it('reaches the full CLI and the signer only through dynamic imports and the signer bundle', () => {
    expect(dynamicOf(dispatch).sort()).toEqual(['./main.js', './token-miss.js']);
    expect(requiredBy(dispatch)).toEqual(['./presigner.cjs']);
    expect(Object.keys(buildMeta.outputs)).toEqual(
      expect.arrayContaining(['dist/main.js', 'dist/token-miss.js', 'dist/presigner.cjs']),
    );
  });
});
