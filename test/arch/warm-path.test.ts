// The warm token path stays lean: what dist/entry.cjs loads statically (its static-import closure in
// esbuild's dist/meta.json) holds no yargs, AWS SDK, smithy or js-yaml code. npm test builds first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMeta, staticClosure } from '../support/build-meta.js';

const root = join(import.meta.dirname, '..', '..');

describe('warm path (dist/entry.cjs)', () => {
  const entry = Object.keys(buildMeta.outputs).find((o) => buildMeta.outputs[o]!.entryPoint === 'src/cli/entry.ts');
  const closure = [...staticClosure(entry!)];
  const inputs = closure.flatMap((o) => Object.keys(buildMeta.outputs[o]!.inputs));

  it('is the bundle entry and includes the fast token path', () => {
    expect(entry).toBe('dist/entry.cjs');
    expect(readFileSync(join(root, 'bin', 'eks-login'), 'utf8')).toContain("require('../dist/entry.cjs')");
    expect(inputs).toContain('src/fast/token-fast.ts');
    expect(inputs).toContain('src/adapters/token-cache.ts');
    expect(inputs).toContain('src/fast/token-mint-env.ts');
  });

  it('loads no HTTP layer or proxy agent: only the profile STS settings reader (node:fs) is added for the cache key', () => {
    expect(inputs.filter((i) => i.startsWith('src/adapters/http/') || /proxy-agent|proxy-from-env/.test(i))).toEqual(
      [],
    );
    expect(inputs).toContain('src/adapters/aws-config-file.ts');
  });

  it('loads no yargs, AWS SDK, smithy or js-yaml statically', () => {
    expect(inputs.filter((i) => /node_modules\/(yargs|@aws-sdk|@smithy|js-yaml)\//.test(i))).toEqual([]);
    expect(inputs.filter((i) => i.includes('node_modules/'))).toEqual([]);
  });

  it('reaches the full CLI and the signer only through dynamic imports', () => {
    expect(inputs).not.toContain('src/cli/run.ts');
    expect(inputs).not.toContain('src/adapters/sigv4-presigner.ts');
    const dynamic = closure.flatMap((o) =>
      buildMeta.outputs[o]!.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path),
    );
    expect(dynamic.sort()).toEqual(['./main.js', './token-miss.js']);
    expect(Object.keys(buildMeta.outputs)).toEqual(
      expect.arrayContaining(['dist/main.js', 'dist/token-miss.js', 'dist/presigner.cjs']),
    );
    const required = buildMeta.outputs[entry!]!.imports.filter(
      (i) => i.kind === 'require-call' && !i.path.startsWith('node:'),
    ).map((i) => i.path);
    expect(required).toEqual(['./presigner.cjs']);
  });
});
