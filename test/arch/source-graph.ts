// The import graph of src/, for the arch tests: every import (static, type-only or dynamic) of every .ts file.
// Relative imports become src-relative paths (`token/get-token.ts`); a package or node: import keeps its name.
// Imports that leave src/ (the sandbox package's types) are left out of the graph.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const srcRoot = join(import.meta.dirname, '..', '..', 'src');

export interface SourceImport {
  /** The importing file, relative to src/ with forward slashes (e.g. `token/get-token.ts`). */
  from: string;
  /** The imported file, likewise (`.js` specifiers read as the `.ts` file they name). */
  to: string;
}

export interface ImportRef {
  /** The specifier as written. */
  specifier: string;
  /** `import type`, `export type`, or every name in braces marked `type`, or `typeof import(...)`: erased at run time. */
  typeOnly: boolean;
}

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const slashed = (path: string) => path.split('\\').join('/');

/** The import and export-from statements and dynamic imports of a source text. */
export function importsOf(text: string): ImportRef[] {
  const refs: ImportRef[] = [];
  const statement = /^\s*(?:import|export)(\s+type)?\s+([^'";]*?)\s*from\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(statement)) {
    const braces = /^\{([^}]*)\}$/.exec(m[2]!.trim());
    const allTyped =
      braces !== null &&
      braces[1]!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => s.startsWith('type '));
    refs.push({ specifier: m[3]!, typeOnly: Boolean(m[1]) || allTyped });
  }
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) refs.push({ specifier: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/(typeof\s+)?import\(\s*['"]([^'"]+)['"]\s*\)/g))
    refs.push({ specifier: m[2]!, typeOnly: Boolean(m[1]) });
  return refs;
}

export interface SourceFile {
  /** Relative to src/, forward slashes. */
  rel: string;
  imports: Array<ImportRef & { /** The src-relative file a relative specifier names. */ to?: string }>;
}

export function sourceTree(): SourceFile[] {
  return sourceFiles(srcRoot).map((file) => {
    const rel = slashed(relative(srcRoot, file));
    return {
      rel,
      imports: importsOf(readFileSync(file, 'utf8')).map((i) =>
        i.specifier.startsWith('.')
          ? { ...i, to: slashed(relative(srcRoot, join(dirname(file), i.specifier.replace(/\.js$/, '.ts')))) }
          : i,
      ),
    };
  });
}

export function sourceImports(): SourceImport[] {
  return sourceTree().flatMap((f) =>
    f.imports.flatMap((i) => (i.to !== undefined && !i.to.startsWith('../') ? [{ from: f.rel, to: i.to }] : [])),
  );
}

/** The top folder of a file (`token`, `credentials`, `kernel`…, sub-folders included); files directly in src/ are `src`. */
export function folderOf(path: string): string {
  const parts = path.split('/');
  return parts.length === 1 ? 'src' : parts[0]!;
}

/**
 * A sub-folder of a top folder (`credentials/sso`, `diagnose/whoami`), for the rule that sibling sub-folders form
 * no loop; undefined for a file directly in a top folder.
 */
export function subFolderOf(path: string): string | undefined {
  const parts = path.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : undefined;
}

/**
 * What a file may import, by its place and name (docs/architecture.md, "Import rules"):
 * - `node`: a node adapter, `*.node.ts`, or anything in infra/: node built-ins and packages allowed;
 * - `wire`: a concept's `wire.ts`, its composition: may import the concept's and others' node adapters, no
 *   built-in or package itself;
 * - `shell`: the process shell (cli/, container/, token-lane/, the entries in src/: main.ts, dispatch.ts): yargs,
 *   process, the node adapters;
 * - `pure`: everything else: no built-in, no package, no node adapter or infra (type-only imports excepted).
 */
export type FileKind = 'node' | 'wire' | 'shell' | 'pure';

export function kindOf(path: string): FileKind {
  if (/^(cli|container|token-lane)\//.test(path) || !path.includes('/')) return 'shell';
  if (path.startsWith('infra/') || path.endsWith('.node.ts')) return 'node';
  if (/(^|\/)wire\.ts$/.test(path)) return 'wire';
  return 'pure';
}

/**
 * The units (`unitOf` each file: its folder, or the file itself) that import each other, directly or through
 * others: each strongly connected set of two or more, sorted.
 */
export function importCycles(
  imports: readonly SourceImport[],
  unitOf: (path: string) => string | undefined,
): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    const a = unitOf(from);
    const b = unitOf(to);
    if (a === undefined || b === undefined || a === b) continue;
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
