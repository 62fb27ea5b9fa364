// No folder imports another that imports it back (directly or around a longer loop), no two sub-folders of a
// folder do, no two files import each other, and no layer imports a layer above it (docs/architecture.md,
// "Import rules"). Shared models live low (kernel/, record/), so two concepts that need the same type both
// import it from there.
import { describe, expect, it } from 'vitest';
import { folderOf, importCycles, sourceImports, subFolderOf, type SourceImport } from './source-graph.js';

const imports = sourceImports();

/**
 * The layers, lowest first. Concept folders share one rank: they may import each other, as long as no loop forms.
 * A folder not named here fails the test below until it is given its place.
 */
const LAYER_RANK: Record<string, number> = {
  kernel: 0,
  aws: 1,
  infra: 2,
  record: 3,
  services: 4,
  // the concepts
  token: 5,
  credentials: 5,
  kubeconfig: 5,
  bundle: 5,
  setup: 5,
  session: 5,
  key: 5,
  diagnose: 5,
  admin: 5,
  adopt: 5,
  sandbox: 5,
  // the process shell
  container: 6,
  'token-lane': 7,
  cli: 7,
  src: 8,
};
const CONCEPT = 5;

/** Each edge between two units of a cycle, for a message that says what to move. */
const edgesWithin = (cycle: string[], unitOf: (path: string) => string | undefined) =>
  imports
    .filter((i) => {
      const [a, b] = [unitOf(i.from), unitOf(i.to)];
      return a !== undefined && b !== undefined && a !== b && cycle.includes(a) && cycle.includes(b);
    })
    .map((i) => `${i.from} → ${i.to}`);

describe('import loops', () => {
  it('reads the source tree', () => {
    expect(imports.length).toBeGreaterThan(500);
    expect(imports).toContainEqual({ from: 'main.ts', to: 'token-lane/warm-token.ts' });
  });

  it('no folder loop: the top folders of src/ (a concept with its sub-folders) form no cycle', () => {
    const cycles = importCycles(imports, folderOf);
    expect(cycles.map((cycle) => ({ cycle, edges: edgesWithin(cycle, folderOf) }))).toEqual([]);
  });

  it('no loop between the sub-folders of a folder (credentials/role-session, credentials/sso, …)', () => {
    const cycles = importCycles(imports, subFolderOf);
    expect(cycles.map((cycle) => ({ cycle, edges: edgesWithin(cycle, subFolderOf) }))).toEqual([]);
  });

  it('no file loop', () => {
    const file = (path: string) => path;
    const cycles = importCycles(imports, file);
    expect(cycles.map((cycle) => ({ cycle, edges: edgesWithin(cycle, file) }))).toEqual([]);
  });

  it('every folder has its layer, and no layer imports one above it (concepts import each other freely, loops aside)', () => {
    const folders = [...new Set(imports.flatMap((i) => [folderOf(i.from), folderOf(i.to)]))].sort();
    expect(folders.filter((f) => LAYER_RANK[f] === undefined)).toEqual([]);
    const rank = (path: string) => LAYER_RANK[folderOf(path)]!;
    const upward = imports.filter(
      (i) =>
        folderOf(i.from) !== folderOf(i.to) &&
        rank(i.to) >= rank(i.from) &&
        !(rank(i.to) === CONCEPT && rank(i.from) === CONCEPT),
    );
    expect(upward.map((i) => `${i.from} → ${i.to}`)).toEqual([]);
  });

  it('the loop finder sees a loop through a third folder, and the folder of a file', () => {
    const edges: SourceImport[] = [
      { from: 'token/x.ts', to: 'setup/y.ts' },
      { from: 'setup/y.ts', to: 'session/z/w.ts' },
      { from: 'session/z/w.ts', to: 'token/v.ts' },
      { from: 'token/v.ts', to: 'kernel/hash.ts' },
    ];
    expect(importCycles(edges, folderOf)).toEqual([['session', 'setup', 'token']]);
    expect(importCycles(edges.slice(1), folderOf)).toEqual([]);
    expect(['infra/http/agent.ts', 'kernel/hash.ts', 'main.ts', 'credentials/sso/sign-in.ts'].map(folderOf)).toEqual([
      'infra',
      'kernel',
      'src',
      'credentials',
    ]);
    expect(['credentials/sso/sign-in.ts', 'credentials/signing-source.ts'].map(subFolderOf)).toEqual([
      'credentials/sso',
      undefined,
    ]);
  });
});
