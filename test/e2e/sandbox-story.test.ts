// The article's story end to end on the sandbox, as two new machines would live it: the built
// eks-login (setup, token, whoami) and the real kubectl, in throwaway HOMEs with the file keyring.
// Also: 20 parallel kubectl commands on a cold cache share one AssumeRole, and an MFA group without a
// terminal fails fast with exit 4 and the `eks-login login` hint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../packages/sandbox/src/index.js';
import type { Sandbox } from '../../packages/sandbox/src/index.js';
import { runCli, runProcess } from '../support/run-process.js';
import { newMachine } from '../support/sandbox-machine.js';
import type { Machine } from '../support/sandbox-machine.js';
import { hasKubectl } from '../support/tools.js';

let sb: Sandbox;
const machines: Machine[] = [];

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  for (const m of machines) m.remove();
  await sb?.stop();
});

async function setUp(user: string, group: string): Promise<Machine> {
  const m = newMachine(sb);
  machines.push(m);
  const r = await runCli(
    ['setup', sb.bundlePath, '--group', group, '--from-env', '--kubeconfig', m.kubeconfig, '--yes'],
    { env: m.envWithKeys(user) },
  );
  expect(r.stderr).not.toContain(sb.users[user]!.secretAccessKey);
  expect(r).toMatchObject({ status: 0 });
  return m;
}

const kubectl = (m: Machine, context: string, ...args: string[]) =>
  runProcess('kubectl', ['--context', context, ...args], { env: m.env });

describe.skipIf(!hasKubectl())('the story on the sandbox', () => {
  it('developer-mike reads pods and logs but may not create a deployment; admin-oliver may', async () => {
    const mike = await setUp('developer-mike', 'developers');
    const pods = await kubectl(mike, 'developers@demo', 'get', 'pods');
    expect(pods).toMatchObject({ status: 0, stdout: expect.stringMatching(/web-6d8f7b9c5-x2x9k\s+1\/1\s+Running/) });
    expect(await kubectl(mike, 'developers@demo', 'logs', 'web-6d8f7b9c5-x2x9k')).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('nginx/1.27.0'),
    });
    const create = await kubectl(mike, 'developers@demo', 'create', 'deployment', 'nginx', '--image=nginx');
    expect(create.status).toBe(1);
    expect(create.stderr).toContain(
      'deployments.apps is forbidden: User "developers" cannot create resource "deployments"',
    );
    const who = await runCli(['whoami', '--context', 'developers@demo', '--output', 'json'], { env: mike.env });
    expect(who.status).toBe(0);
    expect(JSON.parse(who.stdout)).toMatchObject({
      aws: { arn: 'arn:aws:sts::123456789012:assumed-role/developers/developer-mike', account: '123456789012' },
      kubernetes: { username: 'developers', groups: expect.arrayContaining(['system:authenticated']) },
    });
    const oliver = await setUp('admin-oliver', 'admins');
    expect(await kubectl(oliver, 'admins@demo', 'create', 'deployment', 'nginx', '--image=nginx')).toMatchObject({
      status: 0,
      stdout: 'deployment.apps/nginx created\n',
    });
    expect((await kubectl(mike, 'developers@demo', 'get', 'pods')).stdout).toMatch(/nginx-\S+\s+1\/1\s+Running/);
  });

  it('20 parallel kubectl commands on a cold cache make exactly one AssumeRole', async () => {
    const m = await setUp('developer-mike', 'developers');
    const before = sb.stats().assumeRole;
    const runs = await Promise.all(Array.from({ length: 20 }, () => kubectl(m, 'developers@demo', 'get', 'pods')));
    expect(runs.map((r) => r.status)).toEqual(Array(20).fill(0));
    expect(sb.stats().assumeRole - before).toBe(1);
  });

  it('an MFA group without a terminal fails fast: exit 4 and the eks-login login hint', async () => {
    const m = await setUp('developer-mike', 'oncall');
    const before = sb.stats().assumeRole;
    const r = await kubectl(m, 'oncall@demo', 'get', 'pods');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('eks-login login');
    expect(r.stderr).toMatch(/exit code 4/);
    expect(sb.stats().assumeRole - before).toBe(0);
  });
});
