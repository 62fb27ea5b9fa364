// The files the admin commands read and write besides the access file (admin/admin-files.node.ts): a cluster-info
// or terraform-output file (exit 3 naming it when unreadable), the bundle `admin plan --bundle` compares with
// (none is an empty one), and --out (the whole text, 0644, or exit 1 naming the file and nothing written).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readClusterInfoFile, readCurrentBundle, writeOutFile } from '../../src/admin/admin-files.node.js';
import { ConfigError, InternalError } from '../../src/kernel/errors.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();

describe('admin files', () => {
  it('reads a cluster-info or terraform-output file as JSON; unreadable is exit 3 naming the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'info.json'), '{"clusters": {}}');
    writeFileSync(join(dir, 'broken.json'), '{ nope');
    expect(await readClusterInfoFile({ kind: 'cluster-info', file: join(dir, 'info.json') })).toEqual({ clusters: {} });
    await expect(readClusterInfoFile({ kind: 'cluster-info', file: join(dir, 'gone.json') })).rejects.toSatisfy(
      (e) =>
        e instanceof ConfigError &&
        e.code === 'CLUSTER_INFO_INVALID' &&
        e.message === `cannot read cluster info ${join(dir, 'gone.json')}: no such file`,
    );
    await expect(readClusterInfoFile({ kind: 'terraform-output', file: join(dir, 'broken.json') })).rejects.toSatisfy(
      (e) =>
        e instanceof ConfigError && e.message.startsWith(`cannot read terraform output ${join(dir, 'broken.json')}: `),
    );
  });

  it('the current bundle: its JSON, or an empty one when there is none or it is not JSON', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bundle.json'), '{"name": "acme"}');
    writeFileSync(join(dir, 'broken.json'), '{ nope');
    expect(await readCurrentBundle(join(dir, 'bundle.json'))).toEqual({ name: 'acme' });
    expect(await readCurrentBundle(join(dir, 'gone.json'))).toEqual({});
    expect(await readCurrentBundle(join(dir, 'broken.json'))).toEqual({});
  });

  it('--out: the whole text, mode 0644; an unwritable path is exit 1 naming it, nothing written', async () => {
    const dir = tempDir();
    await writeOutFile(join(dir, 'sub', 'bundle.json'), '{}\n');
    expect(readFileSync(join(dir, 'sub', 'bundle.json'), 'utf8')).toBe('{}\n');
    if (process.platform !== 'win32') expect(statSync(join(dir, 'sub', 'bundle.json')).mode & 0o777).toBe(0o644);
    writeFileSync(join(dir, 'file'), 'x');
    await expect(writeOutFile(join(dir, 'file', 'b.json'), '{}\n')).rejects.toSatisfy(
      (e) => e instanceof InternalError && e.message.startsWith(`cannot write ${join(dir, 'file', 'b.json')}: `),
    );
    expect(existsSync(join(dir, 'file', 'b.json'))).toBe(false);
  });
});
