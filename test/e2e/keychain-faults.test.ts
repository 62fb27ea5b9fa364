// The keychain as a hostile machine offers it, with real processes: a session bus that accepts and never
// answers (a stopped dbus-daemon) must cost one bound, fall back to the file store, never stop SIGTERM
// and never outlive a SIGKILL; without any keychain the fallback warning shows once per machine, and
// doctor still shows it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../packages/sandbox/src/index.js';
import { createHome, type Home } from '../support/home.js';
import { runCli, startCli } from '../support/run-process.js';
import { newMachine } from '../support/sandbox-machine.js';
import { startSilentBus, type SilentBus } from '../support/silent-dbus.js';
import { until } from '../support/wait-for.js';

const DEVELOPERS = 'arn:aws:iam::123456789012:role/developers';
let sandbox: Sandbox;
let bus: SilentBus;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eks-login-keychain-faults-'));
  [sandbox, bus] = await Promise.all([startSandbox(), startSilentBus(dir)]);
});
afterAll(async () => {
  await Promise.all([sandbox?.stop(), bus?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

function env(home: Home, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...home.env,
    EKS_LOGIN_KEYRING: 'auto',
    AWS_ACCESS_KEY_ID: sandbox.users['developer-mike']!.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sandbox.users['developer-mike']!.secretAccessKey,
    ...sandbox.env(),
    ...extra,
  };
}

const tokenArgs = ['token', '--cluster', 'demo', '--region', 'eu-west-1', '--role-arn', DEVELOPERS];

/**
 * `eks-login token` in a fresh home whose keychain helper is stuck on the silent bus (its call never
 * answered). helperGone(ms): the helper's bus connections closed within ms, which happens only when the
 * helper process ends.
 */
async function tokenStuckOnBus(prefix: string) {
  const home = createHome({ parent: dir, prefix, noAwsFiles: true });
  const seen = bus.connections.length;
  const connected = bus.nextConnection();
  const token = startCli(tokenArgs, { env: env(home, { DBUS_SESSION_BUS_ADDRESS: bus.address }) });
  await connected;
  return { token, helperGone: (ms: number) => until(() => bus.connections.slice(seen).every((c) => c.closed), ms) };
}

describe('a session bus that accepts and never answers', () => {
  it('auto mode: one bound (3 s), then the file store with its warning; the token is printed and the helper is gone', async () => {
    const home = createHome({ parent: dir, prefix: 'silent-', noAwsFiles: true });
    const seen = bus.connections.length;
    const started = Date.now();
    const result = await runCli(tokenArgs, { env: env(home, { DBUS_SESSION_BUS_ADDRESS: bus.address }) });
    expect(result.stderr).toMatch(
      /warning: the Secret Service did not answer within 3 s; using the file store \S+secrets\.json/,
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'ExecCredential' });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(bus.connections.length).toBeGreaterThan(seen);
    expect(await until(() => bus.connections.slice(seen).every((c) => c.closed), 2000)).toBe(true);
  });

  it('SIGTERM ends the process within a second while it waits for the keychain, and the helper with it', async () => {
    const { token, helperGone } = await tokenStuckOnBus('sigterm-');
    const exited = new Promise<number>((resolve) => token.child.on('exit', () => resolve(Date.now())));
    const sentAt = Date.now();
    token.child.kill('SIGTERM');
    const at = await exited;
    const { signal } = await token.done;
    expect(signal).toBe('SIGTERM');
    expect(at - sentAt).toBeLessThan(1000);
    expect(await helperGone(1000)).toBe(true);
  });

  it('SIGKILL of the process leaves no helper behind: it ends within 2 s though stuck on the bus', async () => {
    const { token, helperGone } = await tokenStuckOnBus('sigkill-');
    token.child.kill('SIGKILL');
    expect((await token.done).signal).toBe('SIGKILL');
    expect(await helperGone(2000)).toBe(true);
  });
});

describe('no keychain at all (no session bus)', () => {
  it('the fallback warning shows once per machine, not on every refresh; doctor still shows it', async () => {
    const m = newMachine(sandbox);
    try {
      const base = { ...m.env, EKS_LOGIN_KEYRING: 'auto' };
      const setup = await runCli(
        ['setup', sandbox.bundlePath, '--group', 'developers', '--from-env', '--kubeconfig', m.kubeconfig, '--yes'],
        { env: { ...m.envWithKeys('developer-mike'), EKS_LOGIN_KEYRING: 'auto' } },
      );
      expect(setup.status).toBe(0);
      expect(setup.stderr).toMatch(/warning: no usable Secret Service .*using the file store/);
      for (let i = 0; i < 2; i++) {
        const token = await runCli(
          [
            'token',
            '--cluster',
            'demo',
            '--region',
            'eu-west-1',
            '--role-arn',
            DEVELOPERS,
            '--bundle',
            'sandbox',
            '--group',
            'developers',
            '--no-cache',
          ],
          { env: base },
        );
        expect(token.status).toBe(0);
        expect(token.stderr).toBe('');
      }
      const doctor = await runCli(['doctor', '--context', 'developers@demo'], {
        env: { ...base, KUBECONFIG: m.kubeconfig },
      });
      expect(doctor.stdout + doctor.stderr).toMatch(/no usable Secret Service/);
    } finally {
      m.remove();
    }
  }, 90_000); // five processes (setup, two tokens, doctor)
});
