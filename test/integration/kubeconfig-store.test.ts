// The kubeconfig file store on a real file system: parsing errors with file and line, atomic writes
// that keep the mode, one backup, symlinks followed, the client-go lock, byte-identical idempotence.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKubeconfigFileStore } from '../../src/kubeconfig/kubeconfig-file-store.node.js';
import { parseYaml } from '../../src/kubeconfig/yaml-codec.node.js';
import { buildDesiredContexts } from '../../src/kubeconfig/desired.js';
import { locateKubeconfig } from '../../src/kubeconfig/locate.js';
import { updateKubeconfig } from '../../src/kubeconfig/update.js';
import { ConfigError, StoreError } from '../../src/kernel/errors.js';
import { sampleBundle } from '../support/bundles.js';
import { largeForeignKubeconfig } from '../support/foreign-kubeconfig.js';
import { useTempDirs } from '../support/temp-dir.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'kubeconfig');
const tempDir = useTempDirs();
const bundle = sampleBundle();
const desired = buildDesiredContexts(bundle, bundle.groups[0]!, { command: 'eks-login', args: [], env: [] });
const store = createKubeconfigFileStore({ timeoutMs: 300, staleMs: 200 });
const update = (paths: string[], extra = {}) =>
  updateKubeconfig(store, { location: { paths, source: 'flag' }, bundle: 'acme', desired, ...extra });

describe('kubeconfig file store', () => {
  it('creates a missing file 0600 in missing directories 0700', async () => {
    const dir = tempDir();
    const path = join(dir, 'home', '.kube', 'config');
    const result = await update([path]);
    expect(result.changed).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'home', '.kube')).mode & 0o777).toBe(0o700);
    expect(result.backupPath).toBeUndefined();
    expect(readdirSync(join(dir, 'home', '.kube')).sort()).toEqual(['config']);
  });

  it('a CRLF kubeconfig (written on Windows) stays CRLF, and a second identical run leaves it untouched', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    const crlf = readFileSync(join(fixtures, 'foreign.yaml'), 'utf8').replace(/\r?\n/g, '\r\n');
    writeFileSync(path, crlf);
    expect((await update([path])).changed).toBe(true);
    const written = readFileSync(path, 'utf8');
    expect(written).toContain('\r\n');
    expect(written.replace(/\r\n/g, '')).not.toContain('\n'); // every line end is CRLF
    expect((await update([path])).changed).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(written);
  });

  it('treats an empty or comment-only file as empty', async () => {
    const dir = tempDir();
    for (const text of ['', '# nothing\n', '\n\n']) {
      const path = join(dir, 'config');
      writeFileSync(path, text);
      const read = await store.read(path);
      expect(read).toMatchObject({ exists: true, doc: {} });
    }
  });

  it('keeps every foreign entry, unknown field and extension through the rewrite, and the file mode', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, readFileSync(join(fixtures, 'foreign.yaml')), { mode: 0o640 });
    chmodSync(path, 0o640);
    const before = parseYaml(readFileSync(path, 'utf8'), path) as Record<string, unknown[]>;
    const result = await update([path]);
    const after = parseYaml(readFileSync(path, 'utf8'), path) as Record<string, unknown[]>;
    for (const kind of ['clusters', 'users', 'contexts'])
      expect(after[kind]!.slice(0, before[kind]!.length)).toEqual(before[kind]);
    expect(after['x-top-level-unknown']).toEqual({ note: 'kept', numbers: [1, 2.5, 16] });
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after['current-context']).toBe('minikube');
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(result.backupPath).toBe(`${path}.eks-login.bak`);
    expect(readFileSync(result.backupPath!, 'utf8')).toBe(readFileSync(join(fixtures, 'foreign.yaml'), 'utf8'));
    expect(statSync(result.backupPath!).mode & 0o777).toBe(0o600);
  });

  it('is byte-identical the second time and does not touch the file', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, readFileSync(join(fixtures, 'foreign.yaml')));
    await update([path]);
    const first = readFileSync(path, 'utf8');
    const mtime = statSync(path).mtimeMs;
    const second = await update([path]);
    expect(second.changed).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(first);
    expect(statSync(path).mtimeMs).toBe(mtime);
  });

  it('a malformed file is exit 3 naming file and line, and nothing is written', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    const text = readFileSync(join(fixtures, 'malformed.yaml'), 'utf8');
    writeFileSync(path, text);
    const error = await update([path]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(new RegExp(`^invalid kubeconfig ${path} line 6: `));
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(existsSync(`${path}.eks-login.bak`)).toBe(false);

    writeFileSync(path, readFileSync(join(fixtures, 'wrong-shape.yaml')));
    await expect(update([path])).rejects.toThrow(`invalid kubeconfig ${path} line 2: clusters: must be a list`);
    writeFileSync(path, 'a: 1\na: 2\n');
    await expect(update([path])).rejects.toThrow(/line 2: duplicated mapping key/);
  });

  it('a read-only file is refused before anything happens', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, 'apiVersion: v1\n');
    chmodSync(path, 0o400);
    let ran = false;
    const error = await update([path], { beforeWrite: async () => void (ran = true) }).catch((e: unknown) => e);
    if (process.getuid?.() === 0) return; // root can write anyway
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(`cannot write kubeconfig ${path}: the file is read-only`);
    expect(ran).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('apiVersion: v1\n');
  });

  it('follows a symlinked kubeconfig and writes its target', async () => {
    const dir = tempDir();
    const real = join(dir, 'dotfiles', 'kubeconfig');
    mkdirSync(join(dir, 'dotfiles'));
    writeFileSync(real, 'apiVersion: v1\nkind: Config\n');
    const link = join(dir, 'config');
    symlinkSync(real, link);
    await update([link]);
    expect(readFileSync(real, 'utf8')).toContain('developers@demo');
    expect(readFileSync(link, 'utf8')).toContain('developers@demo');
  });

  it('writes new entries into the first KUBECONFIG file and leaves the others untouched', async () => {
    const dir = tempDir();
    const [a, b, c] = ['a', 'b', 'c'].map((n) => join(dir, n));
    const foreignText = readFileSync(join(fixtures, 'foreign.yaml'), 'utf8');
    writeFileSync(b!, foreignText);
    writeFileSync(c!, 'apiVersion: v1\nkind: Config\ncurrent-context: elsewhere\n');
    const location = locateKubeconfig({ KUBECONFIG: `${a}:${b}:${c}` }, dir);
    const result = await updateKubeconfig(store, { location, bundle: 'acme', desired });
    expect(result.path).toBe(a);
    expect(readFileSync(a!, 'utf8')).toContain('developers@demo');
    expect(result.currentContext).toBeUndefined(); // b sets one (minikube), so none is missing
    expect(readFileSync(b!, 'utf8')).toBe(foreignText);
    expect(readFileSync(c!, 'utf8')).toBe('apiVersion: v1\nkind: Config\ncurrent-context: elsewhere\n');
  });

  it('updates the entries in the KUBECONFIG file that already holds them', async () => {
    const dir = tempDir();
    const [a, b] = ['a', 'b'].map((n) => join(dir, n));
    await update([b!]);
    writeFileSync(a!, 'apiVersion: v1\nkind: Config\n');
    const location = locateKubeconfig({ KUBECONFIG: `${a}:${b}` }, dir);
    const moved = sampleBundle();
    moved.clusters[0]!.endpoint = 'https://moved.example';
    const result = await updateKubeconfig(store, {
      location,
      bundle: 'acme',
      desired: buildDesiredContexts(moved, moved.groups[0]!, { command: 'eks-login', args: [], env: [] }),
    });
    expect(result.path).toBe(b);
    expect(readFileSync(b!, 'utf8')).toContain('https://moved.example');
    expect(readFileSync(a!, 'utf8')).toBe('apiVersion: v1\nkind: Config\n');
  });

  it('waits for the client-go lock, fails after the bound, and removes a stale lock', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(`${path}.lock`, `${process.pid}\n${(await import('node:os')).hostname()}\n`);
    const error = await update([path]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).exitCode).toBe(7);
    expect((error as Error).message).toContain(`${path}.lock is held by another process`);
    // Not ours and older than staleMs (200): stale. Its age is set, not waited for.
    writeFileSync(`${path}.lock`, '999999999\nnot-this-host\n');
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(`${path}.lock`, minuteAgo, minuteAgo);
    await update([path]);
    expect(existsSync(`${path}.lock`)).toBe(false);
    expect(readFileSync(path, 'utf8')).toContain('developers@demo');
  });

  it('merges into 500 foreign entries of each kind, keeping them all', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, largeForeignKubeconfig(500));
    await update([path]);
    const doc = parseYaml(readFileSync(path, 'utf8'), path) as Record<string, Array<{ name: string }>>;
    expect(doc.contexts!.length).toBe(502);
    expect(doc.contexts!.slice(0, 500).map((c) => c.name)).toEqual(
      Array.from({ length: 500 }, (_, i) => `context-${i}`),
    );
    expect(doc['current-context']).toBe('context-0');
  });
});

describe('removeSetupEntries (logout --remove-contexts)', () => {
  it('removes what setup added from every file, keeps foreign entries, leaves untouched files alone', async () => {
    const { removeSetupEntries } = await import('../../src/kubeconfig/remove-setup-entries.js');
    const dir = tempDir();
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    writeFileSync(a, readFileSync(join(fixtures, 'foreign.yaml')));
    const original = readFileSync(a, 'utf8');
    writeFileSync(b, 'apiVersion: v1\nkind: Config\n');
    await update([a], { use: true });
    const result = await removeSetupEntries(store, [a, b, a]);
    expect(result).toEqual([
      {
        path: a,
        removed: ['developers@demo', 'developers@prod'],
        clearedCurrentContext: true,
        backupPath: `${a}.eks-login.bak`,
      },
    ]);
    const before = parseYaml(original, a) as Record<string, unknown>;
    const after = parseYaml(readFileSync(a, 'utf8'), a) as Record<string, unknown>;
    expect(after).toEqual({ ...before, 'current-context': '' });
    expect(readFileSync(b, 'utf8')).toBe('apiVersion: v1\nkind: Config\n');
    expect(await removeSetupEntries(store, [a])).toEqual([]);
  });
});
