// What setup writes for kubectl works where GUI clients run it (PATH=/usr/bin:/bin, none of the shell's
// AWS variables): absolute node + CLI script, and the exec env naming the AWS files setup used. A node
// that disappears (an upgrade) is found by doctor, and setup again repairs it. Real kubectl, the sandbox.
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { startSandbox, type Sandbox } from '../../packages/sandbox/src/index.js';
import { BIN, runCli, runProcess } from '../support/run-process.js';
import { newMachine, type Machine } from '../support/sandbox-machine.js';
import { hasKubectl } from '../support/tools.js';
import { installHint } from '../../src/kernel/install.js';
import { NODE_LAUNCH } from '../../src/kubeconfig/exec-launcher.js';
import { dump } from 'js-yaml';

let sb: Sandbox;
const machines: Machine[] = [];
const GUI_PATH = '/usr/bin:/bin';

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  for (const m of machines) m.remove();
  await sb?.stop();
});

function machine(): Machine {
  const m = newMachine(sb);
  machines.push(m);
  return m;
}

type Exec = { command: string; args: string[]; env: Array<{ name: string; value: string }> | null };
const execOf = (m: Machine, context: string): Exec => {
  const doc = load(readFileSync(m.kubeconfig, 'utf8')) as { users: Array<{ name: string; user: { exec: Exec } }> };
  return doc.users.find((u) => u.name === context)!.user.exec;
};
/** kubectl as a GUI client starts it: no shell PATH, no AWS variables of the shell. */
const guiKubectl = (m: Machine, context: string) => {
  const { AWS_CONFIG_FILE: _c, AWS_SHARED_CREDENTIALS_FILE: _s, ...rest } = m.env;
  return runProcess('kubectl', ['--kubeconfig', m.kubeconfig, '--context', context, 'get', 'pods'], {
    env: { ...rest, PATH: GUI_PATH },
  });
};

/** Setup for mike's developers group, writing the machine's kubeconfig. */
/** doctor's exec-command step for developers@demo, as `doctor -o json` reports it. */
const doctorExecStep = async (m: Machine) => {
  const doctor = await runCli(['doctor', '--context', 'developers@demo', '--output', 'json'], {
    env: { ...m.env, KUBECONFIG: m.kubeconfig },
  });
  type Check = { id: string; status: string; detail: string; fix?: string };
  return (JSON.parse(doctor.stdout) as { checks: Check[] }).checks.find((c) => c.id === 'exec-command');
};

const setupArgs = (m: Machine) => [
  'setup',
  sb.bundlePath,
  '--group',
  'developers',
  '--from-env',
  '--kubeconfig',
  m.kubeconfig,
  '--yes',
];
/** A copy of the package laid out as `npm i -g` does under the machine's home (to delete later); its bin. */
const installCopy = (m: Machine): string => {
  const install = join(m.home, 'npm-global', 'lib', 'node_modules', 'eks-login');
  mkdirSync(install, { recursive: true });
  for (const entry of ['bin', 'dist', 'package.json'])
    cpSync(join(BIN, '..', '..', entry), join(install, entry), { recursive: true });
  return join(install, 'bin', 'eks-login');
};

describe.skipIf(!hasKubectl())('the exec setup writes, under a GUI client', () => {
  it('runs with PATH=/usr/bin:/bin although node and eks-login were found on the shell PATH; a vanished node is a doctor failure that setup repairs', async () => {
    const m = machine();
    // The shell of a user with node and eks-login in a version manager's directory (nvm-style).
    const shellBin = join(m.home, '.nvm', 'versions', 'node', 'v20', 'bin');
    mkdirSync(shellBin, { recursive: true });
    symlinkSync(process.execPath, join(shellBin, 'node'));
    symlinkSync(BIN, join(shellBin, 'eks-login'));
    const shellPath = `${shellBin}:${m.env.PATH}`;
    const setup = setupArgs(m);
    expect(await runCli(setup, { env: { ...m.envWithKeys('developer-mike'), PATH: shellPath } })).toMatchObject({
      status: 0,
    });

    const exec = execOf(m, 'developers@demo');
    // The package's launcher, with this very node (by the version manager's path) as its first argument.
    // /bin/sh starts this very node (by the version manager's path) with the real CLI script.
    expect(exec.command).toBe('/bin/sh');
    expect(exec.args.slice(3, 6)).toEqual([join(shellBin, 'node'), realpathSync(BIN), 'token']);
    const pods = await guiKubectl(m, 'developers@demo');
    expect(pods).toMatchObject({ status: 0, stdout: expect.stringMatching(/web-6d8f7b9c5-x2x9k\s+1\/1\s+Running/) });

    // The version manager's node goes away (node upgraded): kubectl fails, doctor names it with the fix.
    rmSync(join(shellBin, 'node'));
    expect((await guiKubectl(m, 'developers@demo')).status).not.toBe(0);
    const step = await doctorExecStep(m);
    expect(step).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(`node ${join(shellBin, 'node')} is missing`),
      fix: expect.stringContaining('run `eks-login sync`'),
    });

    // The one-command fix, from a shell without the version manager: the paths of the eks-login in use now;
    // the exec env setup wrote stays (it comes from the setup record, not from this shell).
    const { AWS_CONFIG_FILE: _c, AWS_SHARED_CREDENTIALS_FILE: _s, ...plainShell } = m.env;
    const sync = await runCli(['sync'], { env: plainShell });
    expect(sync).toMatchObject({ status: 0, stderr: expect.stringContaining('synced') });
    expect(execOf(m, 'developers@demo')).toMatchObject({ command: exec.command, env: exec.env });
    expect(execOf(m, 'developers@demo').args[3]).toBe(process.execPath);
    expect(await guiKubectl(m, 'developers@demo')).toMatchObject({ status: 0 });
  }, 90_000);

  it('setup --source-profile with AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE: kubectl without them finds the same identity', async () => {
    const m = machine();
    const awsDir = join(m.home, 'work-aws');
    mkdirSync(awsDir);
    const user = sb.users['developer-mike']!;
    writeFileSync(join(awsDir, 'config'), '[profile dev]\nregion = eu-west-1\n');
    writeFileSync(
      join(awsDir, 'credentials'),
      `[dev]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`,
      { mode: 0o600 },
    );
    const files = { AWS_CONFIG_FILE: join(awsDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(awsDir, 'credentials') };
    const r = await runCli(
      [
        'setup',
        sb.bundlePath,
        '--group',
        'developers',
        '--source-profile',
        'dev',
        '--kubeconfig',
        m.kubeconfig,
        '--yes',
      ],
      { env: { ...m.env, ...files, AWS_PROFILE: 'ignored' } },
    );
    expect(r).toMatchObject({ status: 0 });
    expect(execOf(m, 'developers@demo').env).toEqual([
      { name: 'AWS_CONFIG_FILE', value: files.AWS_CONFIG_FILE },
      { name: 'AWS_SHARED_CREDENTIALS_FILE', value: files.AWS_SHARED_CREDENTIALS_FILE },
    ]);
    expect(readFileSync(m.kubeconfig, 'utf8')).not.toContain(user.secretAccessKey);
    expect(await guiKubectl(m, 'developers@demo')).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('web-6d8f7b9c5-x2x9k'),
    });

    // The files go away: the hint names the file setup used, not ~/.aws/config.
    rmSync(awsDir, { recursive: true });
    expect(existsSync(files.AWS_CONFIG_FILE)).toBe(false);
    expect(await runCli(['logout', '--all'], { env: m.env })).toMatchObject({ status: 0 });
    const token = await runCli([...execOf(m, 'developers@demo').args.slice(5), '--no-cache'], {
      env: { ...m.env, ...files },
    });
    expect(token.status).toBe(4);
    expect(token.stderr).toContain(`check profile dev in ${files.AWS_CONFIG_FILE}`);
  }, 90_000);

  it.skipIf(process.platform === 'win32')(
    'an install that vanished (uninstalled, npx cache cleared) ends in the installHint, never a Node.js stack trace, and doctor says to install it; old node + script entries are read and rewritten',
    async () => {
      const m = machine();
      // An installed package (what `npm i -g` lays out), run from there.
      const installed = installCopy(m);
      const realScript = realpathSync(installed);
      const setup = setupArgs(m);
      expect(await runCli(setup, { bin: installed, env: m.envWithKeys('developer-mike') })).toMatchObject({
        status: 0,
      });
      const exec = execOf(m, 'developers@demo') as Exec & { installHint?: string };
      expect(exec.command).toBe('/bin/sh');
      expect(exec.args.slice(2, 6)).toEqual([installHint('sandbox'), process.execPath, realScript, 'token']);
      expect(exec.installHint).toBe(installHint('sandbox'));
      expect(await guiKubectl(m, 'developers@demo')).toMatchObject({ status: 0 });

      // The package is removed: kubectl shows the installHint, and no Node.js stack trace.
      rmSync(join(m.home, 'npm-global'), { recursive: true, force: true });
      const gone = await guiKubectl(m, 'developers@demo');
      expect(gone.status).not.toBe(0);
      expect(gone.stderr).toContain(installHint('sandbox'));
      expect(gone.stderr).not.toMatch(/Cannot find module|node:internal|^\s+at /m);
      const step = await doctorExecStep(m);
      expect(step).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining(`eks-login ${realScript} is missing`),
        fix: expect.stringContaining('npm i -g eks-login'),
      });

      // An entry in the shape earlier versions wrote (node + script) is still eks-login's: whoami reads it, and
      // setup rewrites it to the launcher.
      const doc = load(readFileSync(m.kubeconfig, 'utf8')) as { users: Array<{ name: string; user: { exec: Exec } }> };
      for (const u of doc.users)
        u.user.exec = {
          ...u.user.exec,
          command: process.execPath,
          args: [realpathSync(BIN), ...u.user.exec.args.slice(5)],
        };
      writeFileSync(m.kubeconfig, dump(doc));
      const whoami = await runCli(['whoami', '--context', 'developers@demo'], {
        env: { ...m.env, KUBECONFIG: m.kubeconfig },
      });
      expect(whoami.status, whoami.stderr).toBe(0);
      expect(await runCli(setup, { env: m.envWithKeys('developer-mike') })).toMatchObject({ status: 0 });
      expect(execOf(m, 'developers@demo').command).toBe('/bin/sh');
      expect(execOf(m, 'developers@demo').args.slice(3, 5)).toEqual([process.execPath, realpathSync(BIN)]);
    },
    120_000,
  );

  it('the Windows entry (node -e NODE_LAUNCH <installHint> <script> token …) runs the plugin, and once the script is gone ends in the installHint, not a stack trace', async () => {
    const m = machine();
    // A package copy to delete later, set up from there.
    const installed = installCopy(m);
    const setup = setupArgs(m);
    expect(await runCli(setup, { bin: installed, env: m.envWithKeys('developer-mike') })).toMatchObject({ status: 0 });
    // The same entry in the shape setup writes on Windows (node itself checks for the script), run by real kubectl
    // here: the launcher line is plain JavaScript, the same on every platform.
    const doc = load(readFileSync(m.kubeconfig, 'utf8')) as { users: Array<{ name: string; user: { exec: Exec } }> };
    for (const u of doc.users) {
      const [, , hint, node, script, ...rest] = u.user.exec.args;
      u.user.exec = { ...u.user.exec, command: node!, args: ['-e', NODE_LAUNCH, hint!, script!, ...rest] };
    }
    writeFileSync(m.kubeconfig, dump(doc));
    const pods = await guiKubectl(m, 'developers@demo');
    expect(pods).toMatchObject({ status: 0, stdout: expect.stringMatching(/web-6d8f7b9c5-x2x9k\s+1\/1\s+Running/) });
    const whoami = await runCli(['whoami', '--context', 'developers@demo'], {
      env: { ...m.env, KUBECONFIG: m.kubeconfig },
    });
    expect(whoami.status, whoami.stderr).toBe(0);

    rmSync(join(m.home, 'npm-global'), { recursive: true, force: true });
    const gone = await guiKubectl(m, 'developers@demo');
    expect(gone.status).not.toBe(0);
    expect(gone.stderr).toContain(installHint('sandbox'));
    expect(gone.stderr).not.toMatch(/Cannot find module|node:internal|^\s+at /m);
  }, 90_000);
});
