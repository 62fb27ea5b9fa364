// The built eks-login token as kubectl's exec plugin against the sandbox: both exec API versions,
// cluster binding across two clusters, server-side expiry, and a role the user may not assume.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startSandbox } from '../../packages/sandbox/src/index.js';
import type { Sandbox } from '../../packages/sandbox/src/index.js';
import { FixedClock } from '../support/fakes.js';
import { runCli, runProcess } from '../support/run-process.js';
import { writeKubeconfig } from '../support/sandbox-kubeconfig.js';
import { execEntry, newMachine } from '../support/sandbox-machine.js';
import type { Machine } from '../support/sandbox-machine.js';
import { hasKubectl } from '../support/tools.js';

const DEVELOPERS = 'arn:aws:iam::123456789012:role/developers';
const clock = new FixedClock(new Date());
let story: Sandbox;
let twoc: Sandbox;
let machine: Machine;

beforeAll(async () => {
  [story, twoc] = await Promise.all([
    startSandbox({ clock }),
    startSandbox({ world: join(import.meta.dirname, '..', 'fixtures', 'worlds', 'two-clusters.yaml') }),
  ]);
  machine = newMachine(story);
});
afterAll(async () => {
  machine?.remove();
  await Promise.all([story?.stop(), twoc?.stop()]);
});

function keysOf(sb: Sandbox, user: string): Record<string, string> {
  return { AWS_ACCESS_KEY_ID: sb.users[user]!.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.users[user]!.secretAccessKey };
}

describe.skipIf(!hasKubectl())('eks-login token on the sandbox, run by kubectl', () => {
  for (const apiVersion of ['v1', 'v1beta1'] as const) {
    it(`works with exec apiVersion ${apiVersion}`, async () => {
      const entry = execEntry(
        ['--cluster', 'demo', '--region', 'eu-west-1', '--role-arn', DEVELOPERS],
        apiVersion,
        keysOf(story, 'developer-mike'),
      );
      const kubeconfig = writeKubeconfig(machine.home, story.clusters[0]!, entry, `kc-${apiVersion}`);
      const r = await runProcess('kubectl', ['get', 'pods'], { env: { ...machine.env, KUBECONFIG: kubeconfig } });
      expect(r.stderr).toBe('');
      expect(r).toMatchObject({ status: 0, stdout: expect.stringContaining('web-6d8f7b9c5-x2x9k') });
    });
  }

  it('a token minted for one cluster is rejected by another', async () => {
    const beta = twoc.clusters.find((c) => c.name === 'beta')!;
    const other = newMachine(twoc);
    const env = other.env;
    try {
      const wrong = execEntry(
        ['--cluster', 'alpha', '--region', 'us-east-2', '--role-arn', 'arn:aws:iam::210987654321:role/devs'],
        'v1beta1',
        keysOf(twoc, 'dana'),
      );
      const r = await runProcess('kubectl', ['get', 'pods'], {
        env: { ...env, KUBECONFIG: writeKubeconfig(machine.home, beta, wrong, 'kc-wrong') },
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('error: You must be logged in to the server');
      expect(
        twoc.decisions.some((d) =>
          d.reason.includes('cluster beta: token rejected: STS rejected the replayed token: SignatureDoesNotMatch'),
        ),
      ).toBe(true);
      const right = execEntry(
        [
          '--cluster',
          'beta',
          '--cluster-id',
          '5f3c1a2e-beta',
          '--region',
          'us-east-2',
          '--role-arn',
          'arn:aws:iam::210987654321:role/devs',
        ],
        'v1beta1',
        keysOf(twoc, 'dana'),
      );
      expect(
        await runProcess('kubectl', ['auth', 'can-i', 'list', 'pods'], {
          env: { ...env, KUBECONFIG: writeKubeconfig(machine.home, beta, right, 'kc-right') },
        }),
      ).toMatchObject({ status: 0, stdout: 'yes\n' });
    } finally {
      other.remove();
    }
  });

  it("a token is rejected once the cluster's clock is more than 15 min past its signing time", async () => {
    const minted = await runCli(
      ['token', '--cluster', 'demo', '--region', 'eu-west-1', '--role-arn', DEVELOPERS, '--no-cache'],
      { env: { ...machine.env, ...keysOf(story, 'developer-mike') } },
    );
    expect(minted.status).toBe(0);
    const token = JSON.parse(minted.stdout).status.token as string;
    const kubeconfig = writeKubeconfig(machine.home, story.clusters[0]!, { token }, 'kc-static');
    expect(
      (await runProcess('kubectl', ['get', 'pods'], { env: { ...machine.env, KUBECONFIG: kubeconfig } })).status,
    ).toBe(0);
    clock.advance(16 * 60_000);
    try {
      const r = await runProcess('kubectl', ['get', 'pods'], { env: { ...machine.env, KUBECONFIG: kubeconfig } });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('Unauthorized');
      expect(story.decisions.at(-1)?.reason).toMatch(
        /token expired: X-Amz-Date \d{8}T\d{6}Z is more than 15 minutes ago/,
      );
    } finally {
      clock.set(new Date());
    }
  });

  it('a role the user may not assume: exit 5 and a message naming the role', async () => {
    const r = await runCli(
      ['token', '--cluster', 'demo', '--region', 'eu-west-1', '--role-arn', 'arn:aws:iam::123456789012:role/admins'],
      { env: { ...machine.env, ...keysOf(story, 'developer-mike') } },
    );
    expect(r.stdout).toBe('');
    expect(r.status).toBe(5);
    expect(r.stderr).toContain('arn:aws:iam::123456789012:role/admins');
    expect(r.stderr).toMatch(/not (allowed|authorized)/i);
  });
});
