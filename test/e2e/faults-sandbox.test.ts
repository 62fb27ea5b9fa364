// Faults of the machine eks-login runs on (issue: faults must never hang, leak or break a working machine),
// each reproduced with a real process against the sandbox: no HOME and no passwd entry, an unwritable
// cache, a logout racing a refresh.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../packages/sandbox/src/index.js';
import { asUserWithoutPasswdEntry, fillUp, hasUserNamespaces, onTmpfs, uidIsUnknown } from '../support/fault-env.js';
import { BIN, runProcess } from '../support/run-process.js';

const DEVELOPERS = 'arn:aws:iam::123456789012:role/developers';
let sandbox: Sandbox;
let dir: string;
/** Fault injection: awaited before the sandbox STS answers (see SandboxOptions.beforeSts). */
let beforeSts: ((action: string) => Promise<void>) | undefined;

beforeAll(async () => {
  sandbox = await startSandbox({ beforeSts: (action) => beforeSts?.(action) ?? Promise.resolve() });
  dir = mkdtempSync(join(tmpdir(), 'eks-login-faults-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await sandbox?.stop();
});

function baseEnv(home: string, user = 'developer-mike'): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    EKS_LOGIN_KEYRING: 'file',
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    AWS_CONFIG_FILE: join(home, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-aws-credentials'),
    AWS_ACCESS_KEY_ID: sandbox.users[user]!.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sandbox.users[user]!.secretAccessKey,
    ...sandbox.env(),
  };
}

const tokenArgs = ['token', '--cluster', 'demo', '--region', 'eu-west-1', '--role-arn', DEVELOPERS];

describe.skipIf(!hasUserNamespaces())('no HOME and no passwd entry', () => {
  it('token (role, file store, lock) and logout work with XDG_* set', async () => {
    expect(uidIsUnknown()).toBe(true);
    const home = mkdtempSync(join(dir, 'nohome-'));
    const env = baseEnv(home); // no HOME
    const [command, args] = asUserWithoutPasswdEntry(process.execPath, [BIN, ...tokenArgs]);
    const token = await runProcess(command, args, { env });
    expect(token.stderr).toBe('');
    expect(token.status).toBe(0);
    expect(JSON.parse(token.stdout)).toMatchObject({ kind: 'ExecCredential' });
    const [lc, la] = asUserWithoutPasswdEntry(process.execPath, [BIN, 'logout', '--all']);
    const logout = await runProcess(lc, la, { env });
    expect(logout).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('removed 1 role session(s), 1 cached token(s)'),
    });
  });

  it('without XDG_* either: a config error saying what to set, not `uv_os_homedir`', async () => {
    const { XDG_CONFIG_HOME: _c, XDG_CACHE_HOME: _h, ...env } = baseEnv(mkdtempSync(join(dir, 'nohome-')));
    const [command, args] = asUserWithoutPasswdEntry(process.execPath, [BIN, ...tokenArgs]);
    const result = await runProcess(command, args, { env });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(
      /^eks-login: no home directory: HOME is not set[\s\S]*hint: set HOME, or set XDG_CONFIG_HOME and XDG_CACHE_HOME/,
    );
    expect(result.stderr).not.toMatch(/uv_os_homedir|internal error/);
  });
});

function withHome(home: string): Record<string, string> {
  return { ...baseEnv(home), HOME: home };
}

const listing = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe.skipIf(!hasUserNamespaces())('a cache directory that cannot be written', () => {
  it.each([
    { name: 'read-only (EROFS)', readOnly: true },
    { name: 'full (ENOSPC)', readOnly: false },
  ])('$name: the token is still printed, exit 0, warnings name the files, no temp file left', async ({ readOnly }) => {
    const home = mkdtempSync(join(dir, 'cache-'));
    const cache = join(home, 'cache');
    mkdirSync(cache);
    const left = join(home, 'left');
    const [command, args] = onTmpfs(
      cache,
      {
        sizeKb: 64,
        readOnly,
        seed: readOnly ? `mkdir -p '${cache}/eks-login'` : fillUp(cache),
        after: `ls -A '${cache}/eks-login' > '${left}' 2>/dev/null; true`,
      },
      process.execPath,
      [BIN, ...tokenArgs],
    );
    const result = await runProcess(command, args, { env: withHome(home) });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'ExecCredential' });
    expect(result.stderr).not.toMatch(/internal error|secrets\.json/);
    expect(result.stderr).toMatch(/warning: .*role-sessions\.json/);
    expect(result.stderr).toMatch(/warning: could not write the token cache: .*cache\/eks-login/);
    expect(listing(left).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a full disk under the secrets file: the failure names secrets.json and leaves no temp file holding the session', async () => {
    const home = mkdtempSync(join(dir, 'full-'));
    const config = join(home, 'config');
    mkdirSync(config);
    const left = join(home, 'left');
    const [command, args] = onTmpfs(
      config,
      {
        sizeKb: 64,
        seed: `mkdir -p '${config}/eks-login' && ${fillUp(config)}`,
        after: `ls -A '${config}/eks-login' > '${left}'`,
      },
      process.execPath,
      [BIN, ...tokenArgs],
    );
    const result = await runProcess(command, args, { env: withHome(home) });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/could not cache the role session for \S+ in \S+\/secrets\.json: .*ENOSPC/);
    expect(listing(left)).toEqual([]);
  });
});

describe('leftover temp files of a killed writer', () => {
  it("logout --forget-keys removes them (legacy and current names) and says so; a live writer's stays", async () => {
    const home = mkdtempSync(join(dir, 'temps-'));
    const env = withHome(home);
    expect((await runProcess(process.execPath, [BIN, ...tokenArgs], { env })).status).toBe(0);
    const deadPid = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '0']);
      child.once('exit', () => resolve(child.pid!));
    });
    const configDir = join(home, 'config', 'eks-login');
    const cacheDir = join(home, 'cache', 'eks-login');
    const secret = readFileSync(join(configDir, 'secrets.json'), 'utf8'); // what a killed rewrite had written
    const orphans = [
      join(configDir, `secrets.json.${deadPid}.0badcafe.tmp`),
      join(configDir, `.secrets.json.eks-login-${deadPid}-0badcafe.tmp`),
      join(cacheDir, `.role-sessions.json.eks-login-${deadPid}-12345678.tmp`),
    ];
    for (const file of orphans) writeFileSync(file, secret, { mode: 0o600 });
    const live = join(configDir, `.secrets.json.eks-login-${process.pid}-87654321.tmp`);
    writeFileSync(live, '{}', { mode: 0o600 });
    const result = await runProcess(process.execPath, [BIN, 'logout', '--all', '--forget-keys'], { env });
    expect(result).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('3 leftover temp file(s) of an interrupted write'),
    });
    for (const file of orphans) expect(existsSync(file)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect((await runProcess(process.execPath, [BIN, 'logout', '--all', '--forget-keys'], { env })).stdout).toContain(
      'no leftover temp files',
    );
  });

  it('the file store removes them when it starts', async () => {
    const home = mkdtempSync(join(dir, 'temps-'));
    const env = withHome(home);
    const configDir = join(home, 'config', 'eks-login');
    mkdirSync(configDir, { recursive: true, mode: 0o700 });
    const orphan = join(configDir, 'secrets.json.999999.deadbeef.tmp'); // no such pid
    writeFileSync(orphan, '{"role-session/x":"secret"}', { mode: 0o600 });
    expect((await runProcess(process.execPath, [BIN, ...tokenArgs], { env })).status).toBe(0);
    expect(existsSync(orphan)).toBe(false);
  });
});

describe('logout racing a refresh', () => {
  it('logout --all --forget-keys while a token call is inside AssumeRole: nothing the token call fetched survives', async () => {
    const home = mkdtempSync(join(dir, 'race-'));
    const env = withHome(home);
    let arrived!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    beforeSts = async (action) => {
      if (action !== 'AssumeRole') return;
      arrived();
      await released;
    };
    try {
      const token = runProcess(process.execPath, [BIN, ...tokenArgs], { env });
      await inside;
      const logout = await runProcess(process.execPath, [BIN, 'logout', '--all', '--forget-keys'], { env });
      expect(logout.status).toBe(0);
      release();
      const result = await token;
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'ExecCredential' }); // this call still gets its token
      expect(result.stderr).toMatch(/a logout ran while the role \S+ was being assumed/);
    } finally {
      beforeSts = undefined;
      release();
    }
    const secrets = join(home, 'config', 'eks-login', 'secrets.json');
    const stored = existsSync(secrets) ? (JSON.parse(readFileSync(secrets, 'utf8')) as Record<string, string>) : {};
    expect(Object.keys(stored)).toEqual([]);
    const cacheDir = join(home, 'cache', 'eks-login');
    expect(readdirSync(cacheDir).filter((n) => n.startsWith('token-'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(cacheDir, 'role-sessions.json'), 'utf8'))).toEqual([]);
  });
});

describe('setup with KUBECONFIG=/dev/null', () => {
  it('is refused with exit 3 before anything is stored; /dev/null stays the character device', async () => {
    const home = mkdtempSync(join(dir, 'devnull-'));
    const result = await runProcess(
      process.execPath,
      [BIN, 'setup', sandbox.bundlePath, '--group', 'developers', '--from-env', '--yes'],
      { env: { ...withHome(home), KUBECONFIG: '/dev/null' } },
    );
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/kubeconfig \/dev\/null is a character device, not a regular file/);
    expect(existsSync(join(home, 'config', 'eks-login', 'secrets.json'))).toBe(false);
    expect(existsSync('/dev/null.eks-login.bak')).toBe(false);
  });
});
