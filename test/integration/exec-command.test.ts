// The command setup writes into kubeconfig (absolute node + CLI script) and the one the sandbox prints.
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveExecCommand, resolveExecLauncher } from '../../src/adapters/exec-command.js';
import { BIN } from '../support/run-process.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();

describe(resolveExecCommand.name, () => {
  it('is eks-login when PATH finds this program (e.g. through the npm -g symlink)', () => {
    const dir = tempDir();
    symlinkSync(BIN, join(dir, 'eks-login'));
    expect(resolveExecCommand(`/nonexistent:${dir}`, BIN, '/')).toBe('eks-login');
  });

  it('is the absolute path when PATH has no eks-login or another one first', () => {
    const dir = tempDir();
    expect(resolveExecCommand('/nonexistent', BIN, '/')).toBe(BIN);
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'eks-login'), '#!/bin/sh\n', { mode: 0o755 });
    symlinkSync(BIN, join(dir, 'eks-login'));
    expect(resolveExecCommand(`${join(dir, 'other')}:${dir}`, BIN, '/')).toBe(BIN);
  });
});

describe(resolveExecLauncher.name, () => {
  it('is the absolute node and the real CLI script, even when eks-login is on PATH', () => {
    const dir = tempDir();
    symlinkSync(BIN, join(dir, 'eks-login'));
    const launcher = resolveExecLauncher({ pathEnv: `/nonexistent:${dir}`, running: join(dir, 'eks-login'), cwd: '/', execPath: process.execPath });
    expect(launcher).toEqual({ command: process.execPath, args: [realpathSync(BIN)], env: [] });
  });

  it('names node by the PATH entry that is this node (a stable symlink survives an upgrade), else by its own path', () => {
    const dir = tempDir();
    symlinkSync(process.execPath, join(dir, 'node'));
    expect(resolveExecLauncher({ pathEnv: `relative:${dir}`, running: BIN, cwd: '/', execPath: process.execPath }).command).toBe(join(dir, 'node'));
    const other = tempDir();
    writeFileSync(join(other, 'node'), '#!/bin/sh\n', { mode: 0o755 });
    expect(resolveExecLauncher({ pathEnv: other, running: BIN, cwd: '/', execPath: process.execPath }).command).toBe(process.execPath);
  });
});
