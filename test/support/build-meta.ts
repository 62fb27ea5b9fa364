// dist/meta.json (written by scripts/build.mjs; npm test builds first): which inputs each output bundles and
// what it imports. The arch tests read it to check what a command loads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BuildMeta {
  outputs: Record<
    string,
    {
      entryPoint?: string;
      inputs: Record<string, unknown>;
      imports: Array<{ path: string; kind: string; external?: boolean }>;
    }
  >;
}

const root = join(import.meta.dirname, '..', '..');
const text = readFileSync(join(root, 'dist', 'meta.json'), 'utf8');
export const buildMeta = JSON.parse(text) as BuildMeta;

/** The outputs `output` loads without a dynamic import (itself included). */
export function staticClosure(output: string, seen = new Set<string>()): Set<string> {
  if (seen.has(output)) return seen;
  seen.add(output);
  for (const imp of buildMeta.outputs[output]?.imports ?? []) {
    if (imp.kind !== 'dynamic-import' && !imp.external && buildMeta.outputs[imp.path]) staticClosure(imp.path, seen);
  }
  return seen;
}
