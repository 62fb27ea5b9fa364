// The exec `command` setup writes: `eks-login` when that name on PATH is this program, else its path.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveExecCommand } from '../../src/adapters/exec-command.js';
import { BIN } from '../support/run-cli.js';
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
