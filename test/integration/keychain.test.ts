// The real Secret Service (gnome-keyring on a private D-Bus session): set, get, delete across processes,
// fallback to the 0600 file when there is no bus, and a locked keyring reported as locked.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForChild, hasSecretService, inKeyringSession } from '../support/keyring-session.js';

interface Line {
  op?: string;
  ok?: boolean;
  value?: string | boolean | null;
  code?: string;
  message?: string;
  backend?: string;
  warnings?: string[];
}

const parse = (stdout: string): Line[] =>
  stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);

describe.skipIf(!hasSecretService())('keychain (real Secret Service)', () => {
  let child: string;
  let dir: string;
  beforeAll(async () => {
    child = await bundleForChild(join(import.meta.dirname, '..', 'support', 'secret-store-child.ts'));
    dir = mkdtempSync(join(tmpdir(), 'eks-login-keychain-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(child, '..'), { recursive: true, force: true });
  });

  const ops = (list: object[]): string => `'${JSON.stringify(list)}'`;

  it('stores, reads and deletes a secret in the keychain across processes, never in the file', () => {
    const data = join(dir, 'ring-a');
    const secretsFile = join(dir, 'a-secrets.json');
    const script = [
      `node ${child} ${ops([{ op: 'set', account: 'access-key/acme', secret: '{"k":"s€cret"}' }])}`,
      `node ${child} ${ops([
        { op: 'get', account: 'access-key/acme' },
        { op: 'delete', account: 'access-key/acme' },
        { op: 'get', account: 'access-key/acme' },
        { op: 'delete', account: 'access-key/acme' },
      ])}`,
    ].join('\n');
    const run = inKeyringSession(script, {
      dataDir: data,
      env: { EKS_LOGIN_KEYRING: 'system', TEST_SECRETS_FILE: secretsFile },
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = parse(run.stdout).filter((l) => l.op);
    expect(lines.map((l) => [l.op, l.ok, l.value])).toEqual([
      ['set', true, null],
      ['get', true, '{"k":"s€cret"}'],
      ['delete', true, true],
      ['get', true, null],
      ['delete', true, false],
    ]);
    expect(lines.every((l) => l.backend === 'system')).toBe(true);
    expect(() => statSync(secretsFile)).toThrow();
  });

  it('auto mode falls back to a 0600 file with one warning naming it when there is no session bus', () => {
    const secretsFile = join(dir, 'nobus', 'secrets.json');
    const env: NodeJS.ProcessEnv = { ...process.env, EKS_LOGIN_KEYRING: 'auto', TEST_SECRETS_FILE: secretsFile };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const list = [
      { op: 'set', account: 'role-session/x', secret: 's1' },
      { op: 'get', account: 'role-session/x' },
    ];
    const run = spawnSync('node', [child, JSON.stringify(list)], { env, encoding: 'utf8', timeout: 20_000 });
    const lines = parse(run.stdout);
    expect(lines.slice(0, 2).map((l) => [l.op, l.ok, l.value, l.backend])).toEqual([
      ['set', true, null, 'file'],
      ['get', true, 's1', 'file'],
    ]);
    const { warnings } = lines.at(-1)!;
    expect(warnings).toHaveLength(1);
    expect(warnings![0]).toContain(secretsFile);
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'nobus')).mode & 0o777).toBe(0o700);
    expect(Math.max(...lines.slice(0, 2).map((l) => Number((l as { ms?: number }).ms)))).toBeLessThan(3000);
  });

  it('system mode without a bus fails fast with exit-7 class error instead of falling back', () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      EKS_LOGIN_KEYRING: 'system',
      TEST_SECRETS_FILE: join(dir, 'never.json'),
    };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const run = spawnSync('node', [child, JSON.stringify([{ op: 'get', account: 'a' }])], {
      env,
      encoding: 'utf8',
      timeout: 20_000,
    });
    const [line] = parse(run.stdout);
    expect(line).toMatchObject({ ok: false, code: 'KEYCHAIN_UNAVAILABLE' });
    expect(line!.message).toMatch(/Secret Service/);
  });

  it('reports a locked keyring as locked (never as "not found"), and auto mode says so when falling back', () => {
    const data = join(dir, 'ring-locked');
    const secretsFile = join(dir, 'locked-secrets.json');
    const create = inKeyringSession(`node ${child} ${ops([{ op: 'set', account: 'k', secret: 'v' }])}`, {
      dataDir: data,
      env: { EKS_LOGIN_KEYRING: 'system', TEST_SECRETS_FILE: secretsFile },
    });
    expect(parse(create.stdout)[0]).toMatchObject({ ok: true });
    const locked = inKeyringSession(
      `EKS_LOGIN_KEYRING=system node ${child} ${ops([{ op: 'get', account: 'k' }])}; EKS_LOGIN_KEYRING=auto node ${child} ${ops([{ op: 'get', account: 'k' }])}`,
      { dataDir: data, password: 'not-the-password', env: { TEST_SECRETS_FILE: secretsFile } },
    );
    const lines = parse(locked.stdout);
    expect(lines[0]).toMatchObject({ ok: false, code: 'KEYCHAIN_LOCKED' });
    expect(lines[2]).toMatchObject({ op: 'get', ok: true, value: null, backend: 'file' });
    expect(lines[3]!.warnings![0]).toMatch(/locked/);
  });

  it('a Secret Service without a default keyring (started by D-Bus activation, none created yet): auto mode stores in the file, system mode says why', () => {
    const data = join(dir, 'ring-none');
    const secretsFile = join(dir, 'none', 'secrets.json');
    const run = inKeyringSession(
      `EKS_LOGIN_KEYRING=auto node ${child} ${ops([
        { op: 'set', account: 'access-key/acme', secret: 'v' },
        { op: 'get', account: 'access-key/acme' },
      ])}; EKS_LOGIN_KEYRING=system node ${child} ${ops([{ op: 'set', account: 'k', secret: 'v' }])}`,
      { dataDir: data, noDefaultKeyring: true, env: { TEST_SECRETS_FILE: secretsFile } },
    );
    const lines = parse(run.stdout);
    expect(lines.slice(0, 2).map((l) => [l.op, l.ok, l.value, l.backend])).toEqual([
      ['set', true, null, 'file'],
      ['get', true, 'v', 'file'],
    ]);
    expect(lines[2]!.warnings![0]).toMatch(/has no default keyring to store into .*using the file store/);
    expect(lines[3]).toMatchObject({
      ok: false,
      code: 'KEYCHAIN_UNAVAILABLE',
      message: expect.stringMatching(/no default keyring/),
    });
  });
});
