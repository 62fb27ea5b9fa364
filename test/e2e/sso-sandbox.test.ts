// IAM Identity Center for real: the built eks-login against the sandbox's SSO OIDC + portal emulator and
// real kubectl. The test plays the browser (opens the printed URL, follows the redirect to the loopback
// callback). One machine walks through the story in order: PKCE sign-in in setup, the aws-cli cache file,
// kubectl, 20 parallel kubectl → one GetRoleCredentials, silent refresh, an expired sign-in without a
// terminal (exit 4, no flow), the device flow in login, sign-out.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, runProcess, startCli } from '../support/run-process.js';
import { startSandbox, type Sandbox } from '../../packages/sandbox/src/index.js';
import { useSandboxAndMachine } from '../support/sandbox-for-file.js';
import { newMachine, type Machine } from '../support/sandbox-machine.js';
import { approveInBrowser, AUTHORIZE_URL, browse, DEVICE_URL } from '../support/sso-browser.js';
import { hasKubectl } from '../support/tools.js';
import { until } from '../support/wait-for.js';

const START_URL = 'https://d-9067c2b1f0.awsapps.com/start';
const PTY = join(import.meta.dirname, '..', 'support', 'pty-session.py');
const CONTEXT = 'sso-developers@demo';
const NOT_INTERACTIVE = JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  kind: 'ExecCredential',
  spec: { interactive: false },
});

const w = useSandboxAndMachine();
let ca: string;
beforeAll(() => {
  ca = readFileSync(w.sb.caFile, 'utf8');
});

const cacheFile = (): string =>
  join(w.m.home, '.aws', 'sso', 'cache', `${createHash('sha1').update(START_URL).digest('hex')}.json`);
const cached = (): Record<string, string> => JSON.parse(readFileSync(cacheFile(), 'utf8')) as Record<string, string>;
const kubectl = (args: string[], timeoutMs = 30_000) =>
  runProcess('kubectl', ['--context', CONTEXT, ...args], { env: w.m.env, timeoutMs });

describe.skipIf(!hasKubectl())('IAM Identity Center sign-in on the sandbox', () => {
  it('setup signs in with PKCE (a wrong state is refused), writes the aws-cli cache file, and kubectl works', async () => {
    const setup = startCli(['setup', w.sb.bundlePath, '--group', CONTEXT.split('@')[0]!, '--no-browser', '--yes'], {
      env: w.m.env,
    });
    const [url] = await setup.waitFor('stderr', AUTHORIZE_URL);
    const authorize = new URL(url);
    expect(authorize.origin).toBe(w.sb.ssoEndpoint); // on the SSO OIDC endpoint: AWS_ENDPOINT_URL_SSO_OIDC moved it
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      code_challenge_method: 'S256',
      scopes: 'sso:account:access',
    });
    const redirectUri = new URL(authorize.searchParams.get('redirect_uri')!);
    expect(redirectUri.hostname).toBe('127.0.0.1');
    expect(redirectUri.pathname).toBe('/oauth/callback');

    // A callback with another state (a page trying to inject its own code) is refused; the sign-in goes on.
    const forged = await browse(`${redirectUri.href}?code=forged&state=not-the-state`, ca);
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('state does not match');

    const { callback } = await approveInBrowser(url, ca);
    expect(callback.status).toBe(200);
    expect(callback.body).toContain('You can close this window');
    const done = await setup.done;
    expect(done.stderr).toContain(`signed in to ${START_URL} until`);
    expect(done.stderr).toContain('(refresh available)');
    expect(done.stderr).toContain(
      'signed in as arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_EKSDevelopers_4f8e2a1c9b7d3e65/developer-sara',
    );
    expect(done.status).toBe(0);

    // aws-cli's format and file name, private.
    expect(statSync(cacheFile()).mode & 0o777).toBe(0o600);
    const file = cached();
    expect(Object.keys(file).sort()).toEqual([
      'accessToken',
      'clientId',
      'clientSecret',
      'expiresAt',
      'refreshToken',
      'region',
      'registrationExpiresAt',
      'startUrl',
    ]);
    expect(file).toMatchObject({ startUrl: START_URL, region: 'eu-west-1' });
    expect(file.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // No access key is stored for an SSO-only person.
    const secrets = join(w.m.home, '.config', 'eks-login', 'secrets.json');
    expect(readFileSync(secrets, 'utf8')).not.toContain('access-key/');
    expect(w.sb.ssoStats()).toMatchObject({ registerClient: 1, authorize: 1, getRoleCredentials: 1 });

    const whoami = await kubectl(['auth', 'whoami', '-o', 'json']);
    expect(whoami.status).toBe(0);
    expect(JSON.parse(whoami.stdout).status.userInfo).toMatchObject({
      username: 'sso:developer-sara',
      groups: ['sso-developers', 'system:authenticated'],
    });
  }, 120_000);

  it('20 parallel kubectl on a cold cache cause one GetRoleCredentials', async () => {
    expect((await runCli(['logout', '--context', CONTEXT], { env: w.m.env })).status).toBe(0); // role session and tokens gone, sign-in kept
    expect(cached().accessToken).toBeTruthy();
    const before = w.sb.ssoStats().getRoleCredentials;
    const runs = await Promise.all(Array.from({ length: 20 }, () => kubectl(['get', 'pods'], 80_000)));
    for (const run of runs) expect(run.status, run.stderr).toBe(0);
    expect(w.sb.ssoStats().getRoleCredentials - before).toBe(1);
  }, 120_000);

  it('an expired access token is refreshed silently with the refresh token: no prompt, no browser; fields of other tools kept', async () => {
    const old = cached();
    w.sb.expireSsoAccessTokens();
    // Fields aws-cli or another tool keeps in the shared file survive the refresh (read, merge, write).
    const foreign = { scopes: ['sso:account:access'], issuedBy: 'another-tool', nested: { keep: true } };
    writeFileSync(cacheFile(), JSON.stringify({ ...old, expiresAt: '2020-01-01T00:00:00Z', ...foreign }), {
      mode: 0o600,
    });
    await runCli(['logout', '--context', CONTEXT], { env: w.m.env });
    const stats = w.sb.ssoStats();
    const run = await kubectl(['get', 'pods']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('Sign in');
    expect(w.sb.ssoStats().refreshToken - stats.refreshToken).toBe(1);
    expect(w.sb.ssoStats().authorize).toBe(stats.authorize);
    const now = cached();
    expect(now.accessToken).not.toBe(old.accessToken);
    expect(new Date(now.expiresAt!).getTime()).toBeGreaterThan(Date.now());
    expect(now).toMatchObject(foreign);
    expect(statSync(cacheFile()).mode & 0o777).toBe(0o600);
  }, 120_000);

  it('an expired sign-in without a terminal: exit 4 within 2 s with the login hint, no flow started', async () => {
    writeFileSync(
      cacheFile(),
      JSON.stringify({ ...cached(), expiresAt: '2020-01-01T00:00:00Z', refreshToken: 'revoked' }),
      { mode: 0o600 },
    );
    await runCli(['logout', '--context', CONTEXT], { env: w.m.env });
    const stats = w.sb.ssoStats();
    // What starting any node process costs on this machine right now, so a loaded CI box does not count
    // against eks-login: its own work must stay under 2 s.
    const nodeStarted = Date.now();
    await runProcess(process.execPath, ['-e', '0'], { env: {} });
    const nodeMs = Date.now() - nodeStarted;
    const started = Date.now();
    const run = await runCli(
      ['token', '--cluster', 'demo', '--region', 'eu-west-1', '--bundle', 'sandbox', '--group', 'sso-developers'],
      { env: { ...w.m.env, KUBERNETES_EXEC_INFO: NOT_INTERACTIVE } },
    );
    expect(Date.now() - started - nodeMs).toBeLessThan(2000);
    expect(run.status).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`not signed in to IAM Identity Center at ${START_URL}`);
    expect(run.stderr).toContain(`hint: run: eks-login login ${CONTEXT}`);
    const after = w.sb.ssoStats();
    expect([after.registerClient, after.startDeviceAuthorization, after.authorize]).toEqual([
      stats.registerClient,
      stats.startDeviceAuthorization,
      stats.authorize,
    ]);
    // kubectl (no terminal) fails the same way and opens nothing.
    const pods = await kubectl(['get', 'pods']);
    expect(pods.status).not.toBe(0);
    expect(pods.stderr).toContain(`eks-login login ${CONTEXT}`);
  }, 120_000);

  it('doctor and whoami on a terminal with an expired sign-in never start one: "not signed in", the login command, and on', async () => {
    writeFileSync(
      cacheFile(),
      JSON.stringify({ ...cached(), expiresAt: '2020-01-01T00:00:00Z', refreshToken: 'revoked' }),
      { mode: 0o600 },
    );
    await runCli(['logout', '--context', CONTEXT], { env: w.m.env });
    const stats = w.sb.ssoStats();
    for (const command of [
      ['doctor', '--context', CONTEXT],
      ['whoami', '--context', CONTEXT],
    ]) {
      const started = Date.now();
      // A real pseudo-terminal (stdin and stderr are TTYs): where the token path would start a browser sign-in.
      // Asynchronously: the sandbox answers from this process.
      const pty = await runProcess('python3', [PTY, '[]', process.execPath, BIN, ...command], {
        env: { ...w.m.env, TERM: 'dumb' },
        timeoutMs: 45_000,
      });
      const { status, transcript } = JSON.parse(pty.stdout) as { status: number; transcript: string };
      expect(Date.now() - started, transcript).toBeLessThan(20_000);
      expect(transcript).toContain(`not signed in to IAM Identity Center at ${START_URL}`);
      expect(transcript).toContain(`eks-login login ${CONTEXT}`);
      expect(transcript).not.toMatch(AUTHORIZE_URL);
      expect(transcript).not.toMatch(DEVICE_URL);
      expect(status).toBe(4);
      if (command[0] === 'doctor') expect(transcript).toMatch(/skipped/); // doctor goes on to report the rest
    }
    const after = w.sb.ssoStats();
    // Only refresh attempts (refused: the refresh token is revoked); no client registered, no authorization started.
    expect([after.registerClient, after.startDeviceAuthorization, after.authorize]).toEqual([
      stats.registerClient,
      stats.startDeviceAuthorization,
      stats.authorize,
    ]);
  }, 120_000);

  it('login --use-device-code signs in with the device flow; logout keeps the sign-in, --all --forget-keys on a headless machine signs out (exit 0)', async () => {
    const login = startCli(['login', CONTEXT, '--use-device-code', '--no-browser'], { env: w.m.env });
    const [url, code] = await login.waitFor('stderr', DEVICE_URL);
    expect(login.stderr()).toContain(code);
    // eks-login polls while the person is still reading: wait for its first (pending) poll, then approve.
    const polls = w.sb.ssoStats().createToken;
    expect(await until(() => w.sb.ssoStats().createToken > polls, 15_000)).toBe(true);
    const page = await browse(url!, ca);
    expect(page.status).toBe(200);
    const done = await login.done;
    expect(done.status, done.stderr).toBe(0);
    // "signed in …" once: after the code, on stderr with the sign-in's other lines; not again on stdout.
    expect(done.stderr).toMatch(new RegExp(`signed in to ${START_URL} until \\S+Z \\(refresh available\\)`));
    expect(`${done.stdout}${done.stderr}`.split(`signed in to ${START_URL}`).length - 1).toBe(1);
    expect(done.stderr).toMatch(/waiting for the browser… \(Ctrl-C cancels; gives up in \d+ min\)/);
    expect(w.sb.ssoStats().startDeviceAuthorization).toBe(1);
    expect((await kubectl(['get', 'pods'])).status).toBe(0);
    // A headless machine: automatic keychain choice and no Secret Service (no session bus).
    const headless = { ...w.m.env, EKS_LOGIN_KEYRING: 'auto' };
    const doctor = await runCli(['doctor', '--context', CONTEXT], { env: headless });
    expect(doctor.stdout).toMatch(
      new RegExp(`IAM Identity Center: signed in to ${START_URL} until \\S+Z \\(refresh available\\)`),
    );
    expect(doctor.stdout).toMatch(/no access key stored\. Store: file store \(/);
    expect(doctor.stdout).not.toContain('system keychain');
    expect(doctor.status, doctor.stdout).toBe(0);

    expect((await runCli(['logout', '--context', CONTEXT], { env: w.m.env })).status).toBe(0);
    const token = cached().accessToken!;
    // Nothing was ever stored in a keychain: forgetting nothing is not an error, the sign-out happens.
    const out = await runCli(['logout', '--all', '--forget-keys'], { env: headless });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain(`signed out of IAM Identity Center at ${START_URL}`);
    expect(() => statSync(cacheFile())).toThrow();
    expect(w.sb.ssoStats().logout).toBe(1);
    // The portal no longer accepts the old token.
    const portal = await fetchWithToken(
      `${w.sb.ssoEndpoint}/federation/credentials?role_name=EKSDevelopers&account_id=123456789012`,
      token,
    );
    expect(portal).toBe(401);
  }, 120_000);
});

async function fetchWithToken(url: string, token: string): Promise<number> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { 'x-amz-sso_bearer_token': token } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!hasKubectl())(
  'an sso group with a roleArn: signs in, then assumes the role as the signed-in user',
  () => {
    let sb2: Sandbox;
    let m2: Machine;
    beforeAll(async () => {
      const world = readFileSync(
        join(import.meta.dirname, '..', '..', 'packages', 'sandbox', 'src', 'worlds', 'default.yaml'),
        'utf8',
      ).replace(
        '    - { name: sso-developers, sso: EKSDevelopers }',
        '    - { name: sso-developers, sso: EKSDevelopers }\n    - { name: sso-chained, sso: EKSDevelopers, role: developers }',
      );
      const dir = mkdtempSync(join(tmpdir(), 'eks-login-sso-world-'));
      writeFileSync(join(dir, 'world.yaml'), world);
      sb2 = await startSandbox({ world: join(dir, 'world.yaml') });
      m2 = newMachine(sb2);
      rmSync(dir, { recursive: true, force: true });
    });
    afterAll(async () => {
      m2?.remove();
      await sb2?.stop();
    });

    it('setup with the device flow, then kubectl runs as the developers role with session name developer-sara', async () => {
      const setup = startCli(
        ['setup', sb2.bundlePath, '--group', 'sso-chained', '--use-device-code', '--no-browser', '--yes'],
        { env: m2.env },
      );
      const [url] = await setup.waitFor('stderr', DEVICE_URL);
      expect((await browse(url, readFileSync(sb2.caFile, 'utf8'))).status).toBe(200);
      const done = await setup.done;
      expect(done.status, done.stderr).toBe(0);
      expect(done.stderr).toContain('can assume role/developers');
      const run = await runProcess('kubectl', ['--context', 'sso-chained@demo', 'auth', 'whoami', '-o', 'json'], {
        env: m2.env,
      });
      expect(run.status, run.stderr).toBe(0);
      const info = JSON.parse(run.stdout).status.userInfo;
      expect(info.username).toBe('developers');
      expect(info.extra.arn).toEqual(['arn:aws:sts::123456789012:assumed-role/developers/developer-sara']);
    }, 120_000);

    it.each([
      ['the browser flow (waiting for the callback)', ['--no-browser'], AUTHORIZE_URL],
      ['the device flow (polling)', ['--use-device-code', '--no-browser'], DEVICE_URL],
    ])(
      'Ctrl-C during the sign-in of %s: exit 130 at once',
      async (_flow, flags, prompt) => {
        const m3 = newMachine(sb2);
        try {
          const setup = startCli(['setup', sb2.bundlePath, '--group', 'sso-chained', ...flags, '--yes'], {
            env: m3.env,
          });
          await setup.waitFor('stderr', prompt);
          const sentAt = Date.now();
          setup.child.kill('SIGINT');
          const done = await setup.done;
          expect(done.status, done.stderr).toBe(130);
          expect(Date.now() - sentAt).toBeLessThan(3000);
          expect(done.stderr).toMatch(/eks-login: (sign-in cancelled \(Ctrl-C\)|interrupted \(Ctrl-C\))/);
          expect(done.stdout).toBe('');
        } finally {
          m3.remove();
        }
      },
      60_000,
    );
  },
);
