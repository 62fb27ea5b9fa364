// The credential path of the built CLI against moto as an independent STS/IAM: group role assumption with
// the key stored by setup (session name, duration, external id), the role-session cache, login/logout,
// error exits (access denied, rejected key, unreachable STS, MFA without a terminal).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMoto, type Moto } from '../support/moto.js';
import { createCredentialsHome, testBundle, type CredentialsHome } from '../support/credentials-home.js';
import { runCli } from '../support/run-process.js';
import { hasMoto } from '../support/tools.js';

const decode = (token: string): URL => new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString());

describe.skipIf(!hasMoto())('credentials against moto (built CLI)', () => {
  let moto: Moto;
  let home: CredentialsHome;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });
  beforeEach(() => {
    home = createCredentialsHome({ AWS_ENDPOINT_URL_STS: moto.endpoint });
    home.setUp(
      testBundle([
        { name: 'developers', roleArn: moto.roles.developers!, sessionDurationSeconds: 7200 },
        { name: 'admins', roleArn: moto.roles.admins! },
        { name: 'ext', roleArn: moto.roles['developers-extid']!, externalId: 'acme-ext-1' },
        { name: 'wrong-ext', roleArn: moto.roles['developers-extid']!, externalId: 'nope' },
        { name: 'mfa', roleArn: moto.roles.developers!, mfa: true },
      ]),
      moto.users['developer-mike']!,
      'developers',
    );
  });
  afterEach(() => home.remove());

  const token = (group: string, cluster = 'demo', extra: Record<string, string> = {}) =>
    runCli(
      [
        'token',
        '--cluster',
        cluster,
        '--region',
        'us-east-1',
        '--role-arn',
        roleOf(group),
        '--bundle',
        'acme',
        '--group',
        group,
      ],
      { env: { ...home.env, ...extra } },
    );
  const roleOf = (group: string): string =>
    ({
      developers: moto.roles.developers,
      admins: moto.roles.admins,
      ext: moto.roles['developers-extid'],
      'wrong-ext': moto.roles['developers-extid'],
      mfa: moto.roles.developers,
    })[group]!;

  it('assumes the group role as the IAM user with the group duration, then reuses the session for other clusters', async () => {
    const before = await moto.assumeRoleCount();
    const asked = Date.now();
    const first = await token('developers');
    const answered = Date.now();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    const cred = JSON.parse(first.stdout) as { status: { token: string; expirationTimestamp: string } };
    const url = decode(cred.status.token);
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^ASIA/);
    expect(url.searchParams.get('X-Amz-Security-Token')).toBeTruthy();
    const sessions = (await moto.assumedRoles()).slice(before);
    expect(sessions.map((s) => [s.role_arn, s.session_name])).toEqual([[moto.roles.developers, 'developer-mike']]);
    expect(url.searchParams.get('X-Amz-Credential')).toContain(sessions[0]!.access_key_id);
    const stored = Object.entries(home.secrets()).find(([k]) => k.startsWith('role-session/'));
    const expiration = Date.parse((JSON.parse(stored![1]) as { expiration: string }).expiration);
    // The group's 7200 s, counted from the AssumeRole call (made between asked and answered; STS times are whole seconds).
    expect(expiration).toBeGreaterThanOrEqual(asked - 1000 + 7200_000);
    expect(expiration).toBeLessThanOrEqual(answered + 7200_000);
    const other = await token('developers', 'prod');
    expect(other.status, other.stderr).toBe(0);
    expect(await moto.assumeRoleCount()).toBe(before + 1);
  });

  it('passes the external id of the group; a wrong one is denied (exit 5)', async () => {
    const denied = await token('wrong-ext');
    expect(denied.status).toBe(5);
    const ok = await token('ext');
    expect(ok.status, ok.stderr).toBe(0);
    expect((await moto.assumedRoles()).at(-1)).toMatchObject({
      external_id: 'acme-ext-1',
      session_name: 'developer-mike',
    });
  });

  it('access denied on AssumeRole → exit 5 naming the role, the user and the endpoint, nothing on stdout', async () => {
    const out = await token('admins');
    expect(out.status).toBe(5);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(moto.roles.admins);
    expect(out.stderr).toContain('user/developer-mike');
    expect(out.stderr).toContain(moto.endpoint);
    expect(out.stderr).toMatch(/hint: .*trust policy.*sts:AssumeRole/);
  });

  it('a stored key that STS rejects → exit 4 "the stored access key was rejected" with how to store a new one', async () => {
    const mike = moto.users['developer-mike']!;
    home.setUp(
      testBundle([{ name: 'developers', roleArn: moto.roles.developers! }]),
      { ...mike, secretAccessKey: 'wrong-secret' },
      'developers',
    );
    // The hint names the recorded source, so a new key can be pasted without hunting for the bundle.
    const recordFile = join(home.configDir, 'bundles', 'acme.json');
    writeFileSync(
      recordFile,
      JSON.stringify({
        ...JSON.parse(readFileSync(recordFile, 'utf8')),
        bundleSource: 'https://intranet.example/eks/acme.json',
      }),
    );
    const out = await token('developers');
    expect(out.status).toBe(4);
    expect(out.stderr).toContain('the stored access key was rejected');
    expect(out.stderr).toContain('re-running `eks-login setup https://intranet.example/eks/acme.json`');
    expect(out.stderr).not.toContain('wrong-secret');
  });

  it('unreachable STS → exit 6 naming the endpoint; the cached session is kept', async () => {
    expect((await token('developers')).status).toBe(0);
    const cached = home.secrets();
    const out = await runCli(
      [
        'token',
        '--cluster',
        'demo',
        '--region',
        'us-east-1',
        '--role-arn',
        moto.roles.admins!,
        '--bundle',
        'acme',
        '--group',
        'admins',
      ],
      {
        env: {
          ...home.env,
          AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
        },
      },
    );
    expect(out.status).toBe(6);
    expect(out.stderr).toContain('http://127.0.0.1:9');
    expect(home.secrets()).toEqual(cached);
  });

  it('MFA without a terminal fails fast: exit 4, hint run: eks-login login <context>, no STS call', async () => {
    const before = await moto.assumeRoleCount();
    const started = Date.now();
    const out = await token('mfa');
    expect(out.status).toBe(4);
    expect(out.stderr).toContain('hint: run: eks-login login mfa@demo');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await moto.assumeRoleCount()).toBe(before);
  });

  it('MFA under kubectl in interactive mode without a controlling terminal: one prompt on stderr, the code read from stdin, stdout stays one JSON', async () => {
    const execInfo = JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      spec: { interactive: true },
    });
    const args = [
      'token',
      '--cluster',
      'demo',
      '--region',
      'us-east-1',
      '--role-arn',
      moto.roles.developers!,
      '--bundle',
      'acme',
      '--group',
      'mfa',
    ];
    const out = await runCli(args, {
      env: { ...home.env, KUBERNETES_EXEC_INFO: execInfo },
      stdin: '123456\n',
      withoutTerminal: true,
    });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stderr).toBe(
      `MFA code for arn:aws:iam::123456789012:mfa/developer-mike (role ${moto.roles.developers}): `,
    );
    expect(JSON.parse(out.stdout)).toMatchObject({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
    });
  });

  it('login warms the role session once for every context of the group; logout forgets sessions and tokens', async () => {
    const before = await moto.assumeRoleCount();
    const login = await runCli(['login', '--all'], { env: home.env });
    expect(login.status, login.stderr).toBe(0);
    expect(login.stdout).toMatch(
      /^logged in: role .*developers.*assumed-role\/developers\/developer-mike.*contexts: developers@demo, developers@prod/,
    );
    expect(await moto.assumeRoleCount()).toBe(before + 1);
    expect((await token('developers')).status).toBe(0);
    expect((await token('developers', 'prod')).status).toBe(0);
    expect(await moto.assumeRoleCount()).toBe(before + 1);
    const again = await runCli(['login', '--all'], { env: home.env });
    expect(again.status).toBe(0);
    expect(await moto.assumeRoleCount()).toBe(before + 1);

    const logout = await runCli(['logout', '--all'], { env: home.env });
    expect(logout.status, logout.stderr).toBe(0);
    expect(logout.stdout).toContain('removed 1 role session(s), 2 cached token(s)');
    expect(Object.keys(home.secrets()).filter((k) => k.startsWith('role-session/'))).toEqual([]);
    expect((await token('developers')).status).toBe(0);
    expect(await moto.assumeRoleCount()).toBe(before + 2);

    const forget = await runCli(['logout', '--all', '--forget-keys'], { env: home.env });
    expect(forget.stdout).toContain('the access key of acme');
    const after = await token('developers');
    expect(after.status).toBe(4);
    expect(after.stderr).toMatch(/no access key stored for bundle acme/);
  });
});
