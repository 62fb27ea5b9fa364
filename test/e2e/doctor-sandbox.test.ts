// `eks-login doctor` as a real process against the sandbox: a healthy machine set up with the real
// `eks-login setup`, the same machine with its stored key gone, and a role the cluster does not map.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../packages/sandbox/src/index.js';
import { newMachine, type Machine } from '../support/sandbox-machine.js';
import { runCli } from '../support/run-process.js';

const FIXTURE_WORLD = join(import.meta.dirname, '..', 'fixtures', 'worlds', 'two-clusters.yaml');
let story: Sandbox;
let twoc: Sandbox;
let mike: Machine;
let unmapped: Machine;

interface Report {
  context: string | null;
  ok: boolean;
  checks: Array<{ id: string; status: string; detail: string; fix?: string }>;
}
const statuses = (r: Report) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

beforeAll(async () => {
  [story, twoc] = await Promise.all([startSandbox(), startSandbox({ world: FIXTURE_WORLD })]);
  const user = story.users['developer-mike']!;
  mike = newMachine(story, { cluster: story.clusters[0]!, user, roleArn: 'arn:aws:iam::123456789012:role/developers' });
  rmSync(mike.kubeconfig);
  const setup = await runCli(['setup', story.bundlePath, '--group', 'developers', '--from-env', '--yes', '--use'], {
    env: mike.env,
  });
  expect(setup.status).toBe(0);
  // From here on the machine has only what setup stored: no keys in the environment.
  delete mike.env.AWS_ACCESS_KEY_ID;
  delete mike.env.AWS_SECRET_ACCESS_KEY;
  unmapped = newMachine(twoc, {
    cluster: twoc.clusters.find((c) => c.name === 'alpha')!,
    user: twoc.users.dana!,
    roleArn: 'arn:aws:iam::210987654321:role/team/pathed',
  });
});
afterAll(async () => {
  mike?.remove();
  unmapped?.remove();
  await Promise.all([story?.stop(), twoc?.stop()]);
});

describe('eks-login doctor (process, sandbox)', () => {
  it('healthy: every step ✔, exit 0, JSON lists each check, no secret anywhere', async () => {
    const json = await runCli(['doctor', '-o', 'json'], { env: mike.env });
    expect(json.stderr).toBe('');
    const report = JSON.parse(json.stdout) as Report;
    expect(report).toMatchObject({ context: 'developers@demo', ok: true });
    expect(statuses(report)).toEqual({
      kubeconfig: 'ok',
      'exec-command': 'ok',
      keychain: 'ok',
      'source-identity': 'ok',
      clock: 'ok',
      'assume-role': 'ok',
      endpoint: 'ok',
      token: 'ok',
      rbac: 'ok',
    });
    expect(json.status).toBe(0);
    expect(report.checks.find((c) => c.id === 'rbac')?.detail).toBe('in default: pods: get, list; pods/log: get, list');
    const text = await runCli(['doctor'], { env: { ...mike.env, NO_COLOR: '1' } });
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('✔ token accepted by the cluster\n    the cluster maps you to developers');
    expect(text.stdout).toMatch(/\nall good\n$/);
    const user = story.users['developer-mike']!;
    for (const out of [json.stdout, text.stdout]) {
      expect(out).not.toContain(user.secretAccessKey);
      expect(out).not.toContain(user.accessKeyId);
      expect(out).not.toMatch(/k8s-aws-v1\.|\u001b\[/);
    }
  });

  it('broken: the stored key is gone → keychain and source key ✘ with fixes, exit 7', async () => {
    const secrets = join(mike.env.XDG_CONFIG_HOME!, 'eks-login', 'secrets.json');
    rmSync(secrets);
    const run = await runCli(['doctor', '--output', 'json'], { env: mike.env });
    const report = JSON.parse(run.stdout) as Report;
    expect(report.ok).toBe(false);
    expect(statuses(report)).toMatchObject({
      kubeconfig: 'ok',
      'exec-command': 'ok',
      keychain: 'fail',
      'source-identity': 'fail',
      endpoint: 'ok',
    });
    const keychain = report.checks.find((c) => c.id === 'keychain')!;
    expect(keychain.detail).toContain('access-key/sandbox');
    expect(keychain.fix).toContain('eks-login setup');
    expect(report.checks.every((c) => c.status !== 'fail' || c.fix)).toBe(true);
    expect(run.status).toBe(7);
  });

  it('unmapped role: token ✘ with the admin fix, RBAC skipped, exit 5', async () => {
    const run = await runCli(['doctor', '-o', 'json'], { env: unmapped.env });
    const report = JSON.parse(run.stdout) as Report;
    expect(statuses(report)).toMatchObject({
      kubeconfig: 'warn',
      keychain: 'skip',
      'source-identity': 'ok',
      clock: 'ok',
      'assume-role': 'ok',
      endpoint: 'ok',
      token: 'fail',
      rbac: 'skip',
    });
    const token = report.checks.find((c) => c.id === 'token')!;
    expect(token.detail).toMatch(
      /STS accepted the token for arn:aws:sts::210987654321:assumed-role\/pathed\/\S+, but the cluster answered 401/,
    );
    expect(token.fix).toContain('--arn arn:aws:iam::210987654321:role/pathed ');
    expect(run.status).toBe(5);
    const text = await runCli(['doctor'], { env: { ...unmapped.env, NO_COLOR: '1' } });
    expect(text.stdout).toMatch(/✘ token accepted by the cluster\n.*\n {4}fix: The token was valid for/);
    expect(text.stdout).toMatch(/\n1 step failed, 1 warning\n$/);
  });
});
