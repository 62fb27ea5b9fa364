// The command setup writes into kubeconfig (absolute node + CLI script) and the one the sandbox prints.
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveExecCommand, resolveExecLauncher } from '../../src/kubeconfig/exec-command.node.js';
import { platformOf } from '../../src/kernel/platform.js';
import { INSTALL_HINT_SLOT, NODE_LAUNCH, SHELL_LAUNCH, withInstallHint } from '../../src/kubeconfig/exec-launcher.js';
import { BIN } from '../support/run-process.js';
import { useTempDirs } from '../support/temp-dir.js';

const linux = platformOf('linux');
/** The Linux/macOS launcher: /bin/sh runs node with the script, or prints the installHint when the script is gone. */
const shell = (node: string, script: string) => ({
  command: '/bin/sh',
  args: ['-c', SHELL_LAUNCH, INSTALL_HINT_SLOT, node, script],
  env: [],
  script,
});
const tempDir = useTempDirs();

describe(resolveExecCommand.name, () => {
  it('is eks-login when PATH finds this program (e.g. through the npm -g symlink)', () => {
    const dir = tempDir();
    symlinkSync(BIN, join(dir, 'eks-login'));
    expect(resolveExecCommand(`/nonexistent:${dir}`, BIN, '/', linux)).toBe('eks-login');
  });

  it('is the absolute path when PATH has no eks-login or another one first', () => {
    const dir = tempDir();
    expect(resolveExecCommand('/nonexistent', BIN, '/', linux)).toBe(BIN);
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'eks-login'), '#!/bin/sh\n', { mode: 0o755 });
    symlinkSync(BIN, join(dir, 'eks-login'));
    expect(resolveExecCommand(`${join(dir, 'other')}:${dir}`, BIN, '/', linux)).toBe(BIN);
  });
});

describe(resolveExecLauncher.name, () => {
  it('is the absolute node and the real CLI script, even when eks-login is on PATH', () => {
    const dir = tempDir();
    symlinkSync(BIN, join(dir, 'eks-login'));
    const launcher = resolveExecLauncher({
      pathEnv: `/nonexistent:${dir}`,
      running: join(dir, 'eks-login'),
      cwd: '/',
      execPath: process.execPath,
      platform: linux,
    });
    expect(launcher).toEqual(shell(process.execPath, realpathSync(BIN)));
  });

  it('names node by the PATH entry that is this node (a stable symlink survives an upgrade), else by its own path', () => {
    const dir = tempDir();
    symlinkSync(process.execPath, join(dir, 'node'));
    expect(
      resolveExecLauncher({
        pathEnv: `relative:${dir}`,
        running: BIN,
        cwd: '/',
        execPath: process.execPath,
        platform: linux,
      }).args[3],
    ).toBe(join(dir, 'node'));
    const other = tempDir();
    writeFileSync(join(other, 'node'), '#!/bin/sh\n', { mode: 0o755 });
    expect(
      resolveExecLauncher({ pathEnv: other, running: BIN, cwd: '/', execPath: process.execPath, platform: linux })
        .args[3],
    ).toBe(process.execPath);
  });
});

describe('the exec entry on Windows and macOS (platform injected)', () => {
  const win32 = platformOf('win32');
  const node = 'C:\\Program Files\\nodejs\\node.exe';
  const script = 'C:\\Users\\Jane Doe\\AppData\\Roaming\\npm\\node_modules\\eks-login\\bin\\eks-login';

  it('Windows: the absolute node.exe and the script path with its spaces and backslashes, unquoted (kubectl quotes each arg for CreateProcess)', async () => {
    const launcher = resolveExecLauncher({
      pathEnv: 'C:\\Windows\\system32;relative',
      running: script,
      cwd: 'C:\\Users\\Jane Doe',
      execPath: node,
      platform: win32,
      pathExt: '.COM;.EXE',
    });
    // No /bin/sh on Windows: node.exe itself checks for the script (NODE_LAUNCH) and prints the installHint.
    expect(launcher).toEqual({ command: node, args: ['-e', NODE_LAUNCH, INSTALL_HINT_SLOT, script], env: [], script });
    expect(NODE_LAUNCH).not.toContain('"');
    // What setup writes, through the YAML codec and back: the same strings, and readers find the token args.
    const { parseYaml, serializeYaml } = await import('../../src/kubeconfig/yaml-codec.node.js');
    const { eksLoginArgsOf, launcherFiles } = await import('../../src/kubeconfig/exec-launcher.js');
    const hint = 'eks-login is not installed: run `npm i -g eks-login`';
    const exec = parseYaml(
      serializeYaml({
        command: launcher.command,
        args: [...withInstallHint(launcher.args, hint), 'token', '--cluster', 'demo'],
      }),
      'kubeconfig',
    ) as { command: string; args: string[] };
    expect(exec).toEqual({ command: node, args: ['-e', NODE_LAUNCH, hint, script, 'token', '--cluster', 'demo'] });
    expect(eksLoginArgsOf(exec)).toEqual(['token', '--cluster', 'demo']);
    expect(launcherFiles(exec)).toEqual([node, script]);
    // The shape earlier versions wrote (node.exe + script) is still read.
    const old = { command: node, args: [script, 'token', '--cluster', 'demo'] };
    expect(eksLoginArgsOf(old)).toEqual(['token', '--cluster', 'demo']);
    expect(launcherFiles(old)).toEqual([node, script]);
  });

  it('Windows: a relative script is made absolute against the cwd in Windows spelling', () => {
    expect(
      resolveExecLauncher({
        pathEnv: undefined,
        running: 'node_modules\\eks-login\\bin\\eks-login',
        cwd: 'D:\\work dir',
        execPath: node,
        platform: win32,
      }).args,
    ).toEqual(['-e', NODE_LAUNCH, INSTALL_HINT_SLOT, 'D:\\work dir\\node_modules\\eks-login\\bin\\eks-login']);
  });

  it('macOS: the same rules as Linux', () => {
    const dir = tempDir();
    symlinkSync(process.execPath, join(dir, 'node'));
    expect(
      resolveExecLauncher({
        pathEnv: dir,
        running: BIN,
        cwd: '/',
        execPath: process.execPath,
        platform: platformOf('darwin'),
      }),
    ).toEqual(shell(join(dir, 'node'), realpathSync(BIN)));
  });
});
