// No folder imports another that imports it back (directly or around a longer loop), no two files import each
// other, and no layer imports a layer above it (docs/architecture.md, "Import rules"). Shared models live low
// (core/record/), so two concepts that need the same type both import it from there.
import { describe, expect, it } from 'vitest';
import { folderOf, importCycles, sourceImports, type SourceImport } from './source-graph.js';

const imports = sourceImports();

/** Lower layers never import higher ones: cli → fast → app → adapters | report → core → src/*.ts. */
const LAYER_RANK: Record<string, number> = { src: 0, core: 1, adapters: 2, report: 2, app: 3, fast: 4, cli: 5 };
const layerOf = (path: string) => (path.includes('/') ? path.split('/')[0]! : 'src');

/** Each edge between two units of a cycle, for a message that says what to move. */
const edgesWithin = (cycle: string[], unitOf: (path: string) => string) =>
  imports
    .filter((i) => unitOf(i.from) !== unitOf(i.to) && cycle.includes(unitOf(i.from)) && cycle.includes(unitOf(i.to)))
    .map((i) => `${i.from} → ${i.to}`);

describe('import loops', () => {
  it('reads the source tree', () => {
    expect(imports.length).toBeGreaterThan(500);
    expect(imports).toContainEqual({ from: 'cli/entry.ts', to: 'fast/token-fast.ts' });
  });

  it('no folder loop: the concept folders of core/ and app/ and the layer folders form no cycle', () => {
    const cycles = importCycles(imports, folderOf);
    expect(cycles.map((cycle) => ({ cycle, edges: edgesWithin(cycle, folderOf) }))).toEqual([]);
  });

  it('no file loop', () => {
    const file = (path: string) => path;
    const cycles = importCycles(imports, file);
    expect(cycles.map((cycle) => ({ cycle, edges: edgesWithin(cycle, file) }))).toEqual([]);
  });

  it('no upward import: a layer imports only layers below it (and itself)', () => {
    expect(Object.keys(LAYER_RANK).sort()).toEqual(
      [...new Set(imports.flatMap((i) => [layerOf(i.from), layerOf(i.to)]))].sort(),
    );
    const upward = imports.filter(
      (i) => layerOf(i.from) !== layerOf(i.to) && LAYER_RANK[layerOf(i.to)]! >= LAYER_RANK[layerOf(i.from)]!,
    );
    expect(upward.map((i) => `${i.from} → ${i.to}`)).toEqual([]);
  });

  it('the loop finder sees a loop through a third folder, and the folder of a file', () => {
    const edges: SourceImport[] = [
      { from: 'core/a/x.ts', to: 'core/b/y.ts' },
      { from: 'core/b/y.ts', to: 'core/c/z/w.ts' },
      { from: 'core/c/z/w.ts', to: 'core/a/v.ts' },
      { from: 'core/a/v.ts', to: 'core/hash.ts' },
    ];
    expect(importCycles(edges, folderOf)).toEqual([['core/a', 'core/b', 'core/c']]);
    expect(importCycles(edges.slice(1), folderOf)).toEqual([]);
    expect(['adapters/http/agent.ts', 'core/hash.ts', 'errors.ts', 'app/token/run-token.ts'].map(folderOf)).toEqual([
      'adapters',
      'core',
      'src',
      'app/token',
    ]);
  });
});
