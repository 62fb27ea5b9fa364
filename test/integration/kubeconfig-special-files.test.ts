// Kubeconfig paths that are not plain files (issue: special files replaced): /dev/null, a FIFO and a
// directory are refused with exit 3 and left alone; a dangling symlink gets its target created; the
// backup goes beside the resolved file, else beside the link, else nowhere (with a warning); a read-only
// file system is not answered with `chmod u+w`.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKUP_SUFFIX, createKubeconfigFileStore } from '../../src/kubeconfig/kubeconfig-file-store.node.js';
import { buildDesiredContexts } from '../../src/kubeconfig/desired.js';
import { updateKubeconfig } from '../../src/kubeconfig/update.js';
import { sampleBundle } from '../support/bundles.js';
import { asUserWithoutPasswdEntry, hasUserNamespaces, onTmpfs } from '../support/fault-env.js';
import { bundleForChild } from '../support/keyring-session.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();
const bundle = sampleBundle();
const desired = buildDesiredContexts(bundle, bundle.groups[0]!, { command: 'eks-login', args: [], env: [] });
const warnings: string[] = [];
const store = createKubeconfigFileStore({ timeoutMs: 300, staleMs: 200, warn: (m) => void warnings.push(m) });
const update = (path: string) =>
  updateKubeconfig(store, { location: { paths: [path], source: 'flag' }, bundle: 'acme', desired });

describe('kubeconfig paths that are not regular files', () => {
  it.each([
    { name: '/dev/null (a character device)', make: () => '/dev/null', kind: /a character device/ },
    {
      name: 'a FIFO',
      make: (dir: string) => (spawnSync('mkfifo', [join(dir, 'fifo')]), join(dir, 'fifo')),
      kind: /a FIFO/,
    },
    {
      name: 'a directory',
      make: (dir: string) => (mkdirSync(join(dir, 'kube-dir')), join(dir, 'kube-dir')),
      kind: /a directory/,
    },
  ])('$name: exit 3, nothing written beside it, the path unchanged', async ({ make, kind }) => {
    const dir = tempDir();
    const path = make(dir);
    const before = lstatSync(path);
    await expect(store.checkWritable(path)).rejects.toMatchObject({
      exitCode: 3,
      code: 'KUBECONFIG_NOT_REGULAR',
      message: expect.stringMatching(kind),
    });
    await expect(update(path)).rejects.toMatchObject({
      exitCode: 3,
      code: expect.stringMatching(/KUBECONFIG_NOT_REGULAR|KUBECONFIG_UNREADABLE/),
    });
    const after = lstatSync(path);
    expect([after.ino, after.mode, after.rdev]).toEqual([before.ino, before.mode, before.rdev]);
    for (const suffix of [BACKUP_SUFFIX, '.lock']) expect(existsSync(`${path}${suffix}`)).toBe(false);
  });
});

describe('symlinked kubeconfig', () => {
  it('a dangling symlink (dotfiles target not created yet) gets its target created; the link stays a link', async () => {
    const dir = tempDir();
    const link = join(dir, 'home', '.kube', 'config');
    mkdirSync(join(dir, 'home', '.kube'), { recursive: true });
    symlinkSync(join(dir, 'dotfiles', 'kube', 'config'), link);
    await update(link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join(dir, 'dotfiles', 'kube', 'config'));
    expect(readFileSync(join(dir, 'dotfiles', 'kube', 'config'), 'utf8')).toContain('eks-login');
  });

  it('the backup goes beside the resolved file when its directory is writable', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'dotfiles'));
    writeFileSync(join(dir, 'dotfiles', 'config'), 'apiVersion: v1\nkind: Config\n');
    symlinkSync(join(dir, 'dotfiles', 'config'), join(dir, 'config'));
    const result = await update(join(dir, 'config'));
    expect(result.backupPath).toBe(join(dir, 'dotfiles', `config${BACKUP_SUFFIX}`));
  });

  // Directory permissions bind only a user without CAP_DAC_OVERRIDE: run as a plain user in a user namespace.
  it.skipIf(!hasUserNamespaces())(
    'beside the link when the resolved directory is read-only, else skipped with a warning',
    async () => {
      const child = await bundleForChild(join(import.meta.dirname, '..', 'support', 'kubeconfig-store-child.ts'));
      const dir = tempDir();
      for (const name of ['a', 'b']) {
        mkdirSync(join(dir, name, 'dotfiles'), { recursive: true });
        writeFileSync(join(dir, name, 'dotfiles', 'config'), 'old\n');
        chmodSync(join(dir, name, 'dotfiles', 'config'), 0o666);
        symlinkSync(join(dir, name, 'dotfiles', 'config'), join(dir, name, 'config'));
        chmodSync(join(dir, name, 'dotfiles'), 0o555);
      }
      chmodSync(join(dir, 'b'), 0o555); // nowhere for a backup
      chmodSync(dir, 0o777);
      const [command, args] = asUserWithoutPasswdEntry(process.execPath, [
        child,
        'write',
        join(dir, 'a', 'config'),
        join(dir, 'b', 'config'),
      ]);
      const run = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
      chmodSync(join(dir, 'b'), 0o755);
      for (const name of ['a', 'b']) chmodSync(join(dir, name, 'dotfiles'), 0o755);
      expect(run.stderr).toBe('');
      const { backups, warnings: told } = JSON.parse(run.stdout) as {
        backups: Array<string | null>;
        warnings: string[];
      };
      expect(backups).toEqual([join(dir, 'a', `config${BACKUP_SUFFIX}`), null]);
      expect(told).toEqual([
        expect.stringMatching(/^no backup of .*b\/dotfiles\/config: neither .*b\/dotfiles nor .*\/b takes a new file/),
      ]);
      expect(readFileSync(join(dir, 'b', 'dotfiles', 'config'), 'utf8')).toBe('apiVersion: v1\n');
      expect(statSync(join(dir, 'a', 'dotfiles', 'config')).isFile()).toBe(true);
    },
  );
});

describe.skipIf(!hasUserNamespaces())('a kubeconfig on a read-only file system', () => {
  it('says so, and the hint does not suggest chmod', async () => {
    const child = await bundleForChild(join(import.meta.dirname, '..', 'support', 'kubeconfig-store-child.ts'));
    const dir = tempDir();
    const mount = join(dir, 'ro');
    mkdirSync(mount);
    const [command, args] = onTmpfs(
      mount,
      { sizeKb: 64, readOnly: true, seed: `printf 'apiVersion: v1\\n' > '${mount}/config'` },
      process.execPath,
      [child, 'check', join(mount, 'config')],
    );
    const run = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
    const error = JSON.parse(run.stdout) as { exitCode: number; message: string; hint: string };
    expect(error).toMatchObject({ exitCode: 3, message: expect.stringMatching(/read-only file system/) });
    expect(error.hint).not.toMatch(/chmod/);
  });
});
