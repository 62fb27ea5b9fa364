// The EKS API emulator driven by the real kubectl, with tokens presigned by @smithy/signature-v4 (no
// eks-login code): the article's story, cluster binding, expiry, identity mapping and RBAC.
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../packages/sandbox/src/index.js';
import type { Sandbox, SandboxCluster } from '../../packages/sandbox/src/index.js';
import { FixedClock } from '../support/fakes.js';
import type { Keys } from '../support/sandbox-clients.js';
import { mintToken, stsClient } from '../support/sandbox-clients.js';
import { writeKubeconfig } from '../support/sandbox-kubeconfig.js';
import { runProcess } from '../support/run-process.js';
import { createHome } from '../support/home.js';
import { hasKubectl } from '../support/tools.js';

const TWO_CLUSTERS = join(import.meta.dirname, '..', 'fixtures', 'worlds', 'two-clusters.yaml');
const clock = new FixedClock(new Date());
let story: Sandbox;
let twoc: Sandbox;
let home: string;

beforeAll(async () => {
  home = createHome({ prefix: 'eks-login-kubectl-' }).dir;
  [story, twoc] = await Promise.all([startSandbox({ clock }), startSandbox({ world: TWO_CLUSTERS, clock })]);
});
afterAll(async () => {
  await Promise.all([story?.stop(), twoc?.stop()]);
  rmSync(home, { recursive: true, force: true });
});

async function roleKeys(sb: Sandbox, user: string, roleArn: string): Promise<Keys> {
  const out = await stsClient(sb, sb.users[user]!).send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: user }),
  );
  return {
    accessKeyId: out.Credentials!.AccessKeyId!,
    secretAccessKey: out.Credentials!.SecretAccessKey!,
    sessionToken: out.Credentials!.SessionToken!,
  };
}

let n = 0;
async function kubectl(cluster: SandboxCluster, token: string, ...args: string[]) {
  const kubeconfig = writeKubeconfig(home, cluster, { token }, `kc-${n++}`);
  return runProcess('kubectl', args, { env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: kubeconfig } });
}

describe.skipIf(!hasKubectl())('EKS emulator with the real kubectl', () => {
  it('plays the article: developers read pods and logs but cannot create deployments; admins can', async () => {
    const demo = story.clusters[0]!;
    const dev = await mintToken(
      story.stsEndpoint,
      await roleKeys(story, 'developer-mike', 'arn:aws:iam::123456789012:role/developers'),
      'demo',
    );
    const pods = await kubectl(demo, dev, 'get', 'pods');
    expect(pods.status).toBe(0);
    expect(pods.stdout).toMatch(/^NAME\s+READY\s+STATUS/);
    expect(pods.stdout).toContain('web-6d8f7b9c5-x2x9k');
    const logs = await kubectl(demo, dev, 'logs', 'web-6d8f7b9c5-x2x9k');
    expect(logs).toMatchObject({ status: 0, stdout: expect.stringContaining('nginx/1.27.0') });
    const create = await kubectl(demo, dev, 'create', 'deployment', 'nginx', '--image=nginx');
    expect(create.status).not.toBe(0);
    expect(create.stderr).toContain(
      'deployments.apps is forbidden: User "developers" cannot create resource "deployments" in API group "apps" in the namespace "default"',
    );
    const admin = await mintToken(
      story.stsEndpoint,
      await roleKeys(story, 'admin-oliver', 'arn:aws:iam::123456789012:role/admins'),
      'demo',
    );
    expect(await kubectl(demo, admin, 'create', 'deployment', 'nginx', '--image=nginx')).toMatchObject({
      status: 0,
      stdout: 'deployment.apps/nginx created\n',
    });
    expect((await kubectl(demo, admin, 'get', 'deployments')).stdout).toMatch(/nginx\s+1\/1/);
    expect((await kubectl(demo, admin, 'get', 'pods')).stdout).toMatch(/nginx-[0-9a-f]+-[0-9a-f]+\s+1\/1\s+Running/);
    expect(await kubectl(demo, admin, 'run', 'box', '--image=busybox')).toMatchObject({
      status: 0,
      stdout: 'pod/box created\n',
    });
    expect(await kubectl(demo, admin, 'delete', 'pod', 'box')).toMatchObject({
      status: 0,
      stdout: 'pod "box" deleted\n',
    });
    expect((await kubectl(demo, admin, 'get', 'all')).stdout).toMatch(/deployment\.apps\/nginx\s+1\/1/);
  });

  it('answers kubectl auth whoami and can-i from the mapping and RBAC', async () => {
    const demo = story.clusters[0]!;
    const dev = await mintToken(
      story.stsEndpoint,
      await roleKeys(story, 'developer-mike', 'arn:aws:iam::123456789012:role/developers'),
      'demo',
    );
    const who = await kubectl(demo, dev, 'auth', 'whoami', '-o', 'json');
    expect(JSON.parse(who.stdout).status.userInfo).toMatchObject({
      username: 'developers',
      groups: ['system:authenticated'],
      extra: { canonicalArn: ['arn:aws:iam::123456789012:role/developers'], sessionName: ['developer-mike'] },
    });
    expect(await kubectl(demo, dev, 'auth', 'can-i', 'list', 'pods')).toMatchObject({ status: 0, stdout: 'yes\n' });
    expect(await kubectl(demo, dev, 'auth', 'can-i', 'create', 'deployments')).toMatchObject({
      status: 1,
      stdout: 'no\n',
    });
    expect((await kubectl(demo, dev, 'auth', 'can-i', '--list')).stdout).toMatch(
      /pods\/log\s+\[\]\s+\[\]\s+\[list get\]/,
    );
    expect(await kubectl(demo, dev, 'get', 'pod', 'nope')).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('pods "nope" not found'),
    });
  });

  it('falls back to v1beta1 SelfSubjectReview where the world disables v1, and fills {{SessionName}}', async () => {
    const alpha = twoc.clusters.find((c) => c.name === 'alpha')!;
    const token = await mintToken(
      twoc.stsEndpoint,
      await roleKeys(twoc, 'dana', 'arn:aws:iam::210987654321:role/devs'),
      'alpha',
      { region: 'us-east-2' },
    );
    const who = await kubectl(alpha, token, 'auth', 'whoami', '-o', 'json');
    expect(who.status).toBe(0);
    expect(JSON.parse(who.stdout)).toMatchObject({
      apiVersion: 'authentication.k8s.io/v1beta1',
      status: { userInfo: { username: 'dev:dana', groups: ['readers', 'system:authenticated'] } },
    });
    expect(await kubectl(alpha, token, 'auth', 'can-i', 'create', 'deployments', '-n', 'apps')).toMatchObject({
      stdout: 'yes\n',
    });
    expect(await kubectl(alpha, token, 'auth', 'can-i', 'create', 'deployments', '-n', 'default')).toMatchObject({
      stdout: 'no\n',
    });
  });

  it('maps IAM users through mapUsers and roles through access entries', async () => {
    const alpha = twoc.clusters.find((c) => c.name === 'alpha')!;
    const beta = twoc.clusters.find((c) => c.name === 'beta')!;
    const asUser = await mintToken(twoc.stsEndpoint, twoc.users.dana!, 'alpha');
    expect(
      JSON.parse((await kubectl(alpha, asUser, 'auth', 'whoami', '-o', 'json')).stdout).status.userInfo.username,
    ).toBe('dana-herself');
    const asRole = await mintToken(
      twoc.stsEndpoint,
      await roleKeys(twoc, 'dana', 'arn:aws:iam::210987654321:role/devs'),
      '5f3c1a2e-beta',
    );
    const who = JSON.parse((await kubectl(beta, asRole, 'auth', 'whoami', '-o', 'json')).stdout).status.userInfo;
    expect(who).toMatchObject({
      username: 'arn:aws:sts::210987654321:assumed-role/devs/dana',
      groups: ['viewers', 'system:authenticated'],
    });
    expect(await kubectl(beta, asRole, 'auth', 'can-i', 'list', 'pods')).toMatchObject({ stdout: 'yes\n' });
    expect(await kubectl(beta, asRole, 'auth', 'can-i', 'delete', 'pods')).toMatchObject({ stdout: 'no\n' });
  });

  it('rejects a token minted for another cluster (x-k8s-aws-id is signed)', async () => {
    const beta = twoc.clusters.find((c) => c.name === 'beta')!;
    const forAlpha = await mintToken(
      twoc.stsEndpoint,
      await roleKeys(twoc, 'dana', 'arn:aws:iam::210987654321:role/devs'),
      'alpha',
    );
    const r = await kubectl(beta, forAlpha, 'get', 'pods');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('You must be logged in to the server (Unauthorized)');
    expect(
      twoc.decisions.some(
        (d) =>
          d.component === 'eks' &&
          !d.allowed &&
          d.reason.includes('cluster beta: token rejected: STS rejected the replayed token: SignatureDoesNotMatch'),
      ),
    ).toBe(true);
  });

  it('rejects an expired token, an unmapped identity and a role ARN with a path', async () => {
    const demo = story.clusters[0]!;
    const keys = await roleKeys(story, 'developer-mike', 'arn:aws:iam::123456789012:role/developers');
    const old = await mintToken(story.stsEndpoint, keys, 'demo', {
      signingDate: new Date(clock.now().getTime() - 16 * 60_000),
    });
    expect((await kubectl(demo, old, 'get', 'pods')).stderr).toContain('Unauthorized');
    expect(story.decisions.some((d) => d.reason.includes('token expired: X-Amz-Date'))).toBe(true);

    const alpha = twoc.clusters.find((c) => c.name === 'alpha')!;
    const eve = await mintToken(twoc.stsEndpoint, twoc.users.eve!, 'alpha');
    expect((await kubectl(alpha, eve, 'get', 'pods')).stderr).toContain('Unauthorized');
    expect(
      twoc.decisions.some((d) =>
        d.reason.includes('user/eve (canonical arn:aws:iam::210987654321:user/eve) is not mapped'),
      ),
    ).toBe(true);

    const pathed = await mintToken(
      twoc.stsEndpoint,
      await roleKeys(twoc, 'dana', 'arn:aws:iam::210987654321:role/team/pathed'),
      'alpha',
    );
    expect((await kubectl(alpha, pathed, 'get', 'pods')).stderr).toContain('Unauthorized');
    expect(
      twoc.decisions.some((d) => d.reason.includes('canonical arn:aws:iam::210987654321:role/pathed) is not mapped')),
    ).toBe(true);
  });

  it('rejects tokens whose URL is not a cluster-bound presigned GetCallerIdentity', async () => {
    const demo = story.clusters[0]!;
    const good = await mintToken(
      story.stsEndpoint,
      await roleKeys(story, 'developer-mike', 'arn:aws:iam::123456789012:role/developers'),
      'demo',
    );
    const url = Buffer.from(good.slice('k8s-aws-v1.'.length), 'base64url').toString();
    const variants = {
      'x-k8s-aws-id is not in X-Amz-SignedHeaders': url.replace(
        'X-Amz-SignedHeaders=host%3Bx-k8s-aws-id',
        'X-Amz-SignedHeaders=host',
      ),
      'is not the STS endpoint this cluster trusts': url.replace(/127\.0\.0\.1:\d+/, 'sts.eu-west-1.amazonaws.com'),
      'Action is "GetSessionToken"': url.replace('Action=GetCallerIdentity', 'Action=GetSessionToken'),
    };
    for (const [reason, variant] of Object.entries(variants)) {
      const r = await kubectl(demo, `k8s-aws-v1.${Buffer.from(variant).toString('base64url')}`, 'get', 'pods');
      expect(r.stderr).toContain('Unauthorized');
      expect(story.decisions.some((d) => d.reason.includes(reason))).toBe(true);
    }
    expect((await kubectl(demo, `${good}==`, 'get', 'pods')).stderr).toContain('Unauthorized');
  });
});
