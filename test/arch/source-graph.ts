// The import graph of src/, for the arch tests: every relative import (static, type-only or dynamic) of
// every .ts file, as src-relative paths (imports that leave src/ are left out).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const srcRoot = join(import.meta.dirname, '..', '..', 'src');

export interface SourceImport {
  /** The importing file, relative to src/ with forward slashes (e.g. `core/token/get-token.ts`). */
  from: string;
  /** The imported file, likewise (`.js` specifiers read as the `.ts` file they name). */
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const slashed = (path: string) => path.split('\\').join('/');

export function sourceImports(): SourceImport[] {
  return sourceFiles(srcRoot).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const from = slashed(relative(srcRoot, file));
    return [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)]
      .map((m) => ({ from, to: slashed(relative(srcRoot, join(dirname(file), m[1]!.replace(/\.js$/, '.ts')))) }))
      .filter((i) => !i.to.startsWith('../')); // the sandbox package's types: test/arch/import-rules.test.ts
  });
}

/**
 * The unit the loop rule is about: a concept folder of core/ or app/ (`core/token`, `app/setup`, sub-folders
 * included), or a layer folder as a whole (`adapters`, `cli`, `fast`, `report`); files directly in src/ or
 * src/core/ are `src` and `core`.
 */
export function folderOf(path: string): string {
  const parts = path.split('/');
  if (parts.length === 1) return 'src';
  if ((parts[0] === 'core' || parts[0] === 'app') && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts[0]!;
}

/**
 * The units (`unitOf` each file: its folder, or the file itself) that import each other, directly or through
 * others: each strongly connected set of two or more, sorted.
 */
export function importCycles(imports: readonly SourceImport[], unitOf: (path: string) => string): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    const a = unitOf(from);
    const b = unitOf(to);
    if (a === b) continue;
    graph.set(a, (graph.get(a) ?? new Set()).add(b));
    if (!graph.has(b)) graph.set(b, new Set());
  }
  // Tarjan's strongly connected components.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles.sort();
}
