// The warm token path stays lean: what dist/entry.cjs loads statically (its static-import closure in
// esbuild's dist/meta.json) holds only what answers a cache hit: no miss, no error reporting, no yargs, AWS
// SDK, smithy or js-yaml code. What it does not answer is dist/dispatch.cjs, required only then; that one
// still loads no package code itself (a miss with environment keys mints there). npm test builds first.
import { readFileSync } from 'node:fs';
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

describe('warm path (dist/entry.cjs)', () => {
  const entry = outputOf('src/main.ts');
  const inputs = inputsOf(entry);

  it('is the bundle entry and holds the cache hit', () => {
    expect(entry).toBe('dist/entry.cjs');
    expect(readFileSync(join(root, 'bin', 'eks-login'), 'utf8')).toContain("require('../dist/entry.cjs')");
    expect(inputs).toContain('src/token-lane/warm-token.ts');
    expect(inputs).toContain('src/token/cache/token-cache.node.ts');
  });

  it('holds nothing only a miss or an error needs: minting, the cache writer, role sessions, error reporting', () => {
    const missOnly = inputs.filter((i) =>
      /^src\/(fast\/token-mint-env|core\/token\/get-token|adapters\/token-cache-writer|app\/|core\/role-session\/obtain|report\/report-error)/.test(
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
    expect(requiredBy(entry)).toEqual(['./dispatch.cjs']);
    expect(dynamicOf(entry)).toEqual([]);
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
