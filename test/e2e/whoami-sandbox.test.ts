// `eks-login whoami` as a real process against the sandbox (real STS and API emulators, HTTPS with the
// sandbox CA): a mapped user, an unmapped role (401 with the admin's fix), a cluster without the v1 review
// API, and a user the cluster maps but RBAC grants nothing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../packages/sandbox/src/index.js';
import { newMachine, type Machine } from '../support/sandbox-machine.js';
import { BIN, runCli, runProcess } from '../support/run-process.js';
import { hasKubectl } from '../support/tools.js';

const FIXTURE_WORLD = join(import.meta.dirname, '..', 'fixtures', 'worlds', 'two-clusters.yaml');
let story: Sandbox;
let twoc: Sandbox;
let bare: Sandbox;
const machines: Machine[] = [];

beforeAll(async () => {
  story = await startSandbox();
  twoc = await startSandbox({ world: FIXTURE_WORLD });
  // A cluster that maps the role but binds no RBAC to it.
  const world = join(story.dir, 'bare-world.yaml');
  writeFileSync(
    world,
    [
      'account: "123456789012"',
      'policies: { assume: { Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Resource: "*" } ] } }',
      'users: { nina: { policies: [assume] } }',
      'roles: { viewers: { trustPolicy: { Statement: [ { Effect: Allow, Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" } ] } } }',
      'clusters:',
      '  - name: bare',
      '    region: eu-west-1',
      '    awsAuth: { mapRoles: [ { rolearn: "arn:aws:iam::123456789012:role/viewers", username: viewer } ] }',
      '',
    ].join('\n'),
  );
  bare = await startSandbox({ world });
});
afterAll(async () => {
  machines.forEach((m) => m.remove());
  await Promise.all([story?.stop(), twoc?.stop(), bare?.stop()]);
});

function machine(...args: Parameters<typeof newMachine>): Machine {
  const m = newMachine(...args);
  machines.push(m);
  return m;
}

describe('eks-login whoami (process, sandbox)', () => {
  it('mapped user: AWS identity, Kubernetes user and groups, pods and pods/log get, list', async () => {
    const m = machine(story, {
      cluster: story.clusters[0]!,
      user: story.users['developer-mike']!,
      roleArn: 'arn:aws:iam::123456789012:role/developers',
    });
    const text = await runCli(['whoami'], { env: { ...m.env, NO_COLOR: '1' } });
    expect(text.stderr).toBe('');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/assumed role +arn:aws:sts::123456789012:assumed-role\/developers\/\S+/);
    expect(text.stdout).toMatch(/token signed for +127\.0\.0\.1:\d+, cluster id demo/);
    expect(text.stdout).toMatch(/username +developers\n/);
    expect(text.stdout).toMatch(/groups +system:authenticated/);
    expect(text.stdout).toMatch(/RESOURCE {2}VERBS\n {2}pods {6}get, list\n {2}pods\/log {2}get, list\n/);
    expect(text.stdout).not.toMatch(/\u001b\[|k8s-aws-v1\.|selfsubject/);

    const json = await runCli(['whoami', '--output', 'json'], { env: m.env });
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({
      outcome: 'ok',
      aws: {
        arn: expect.stringMatching(/^arn:aws:sts::123456789012:assumed-role\/developers\//),
        account: '123456789012',
        roleArn: 'arn:aws:iam::123456789012:role/developers',
        sts: { status: 200 },
      },
      kubernetes: {
        username: 'developers',
        groups: expect.arrayContaining(['system:authenticated']),
        reviewApi: 'v1',
        extra: { arn: [expect.stringContaining('assumed-role/developers/')] },
      },
      access: {
        namespace: 'default',
        rows: [
          { resource: 'pods', verbs: ['get', 'list'] },
          { resource: 'pods/log', verbs: ['get', 'list'] },
        ],
      },
    });
    expect(report.aws.sessionExpiresAt).toMatch(/Z$/);
    // The authenticator's extra.accessKeyId (the role session's key id) shows only its last 4 characters.
    expect(report.kubernetes.extra.accessKeyId).toEqual([expect.stringMatching(/^\*{16}[A-Z0-9]{4}$/)]);
    expect(json.stdout).not.toMatch(/ASIA[A-Z0-9]{16}/);
  });

  it('unmapped role: says STS accepted the token for the ARN and prints the fix for the path-less role ARN; exit 5', async () => {
    const m = machine(twoc, {
      cluster: twoc.clusters.find((c) => c.name === 'alpha')!,
      user: twoc.users.dana!,
      roleArn: 'arn:aws:iam::210987654321:role/team/pathed',
    });
    if (hasKubectl()) {
      // What the developer saw first: kubectl with the same kubeconfig and environment.
      const kubectl = await runProcess('kubectl', ['get', 'pods'], {
        env: { ...m.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
      });
      expect(kubectl.stderr).toMatch(/error: You must be logged in to the server/);
    }
    const run = await runCli(['whoami'], { env: m.env });
    expect(run.status).toBe(5);
    expect(run.stdout).toMatch(
      /The token was valid for arn:aws:sts::210987654321:assumed-role\/pathed\/\S+ at STS, but the cluster alpha did not map it/,
    );
    expect(run.stdout).toContain('eksctl create iamidentitymapping --cluster alpha --region us-east-2');
    expect(run.stdout).toContain('--arn arn:aws:iam::210987654321:role/pathed ');
    expect(run.stdout).toContain('  - rolearn: arn:aws:iam::210987654321:role/pathed');
    expect(run.stdout).toContain('aws eks create-access-entry --cluster-name alpha --region us-east-2');
    expect(run.stdout).not.toContain('role/team/pathed');
  });

  it('a cluster without the v1 SelfSubjectReview API: falls back to v1beta1; rules follow the namespace', async () => {
    const m = machine(twoc, {
      cluster: twoc.clusters.find((c) => c.name === 'alpha')!,
      user: twoc.users.dana!,
      roleArn: 'arn:aws:iam::210987654321:role/devs',
      namespace: 'apps',
    });
    const run = await runCli(['whoami', '-o', 'json'], { env: m.env });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.kubernetes).toMatchObject({
      username: expect.stringMatching(/^dev:/),
      groups: expect.arrayContaining(['readers']),
      reviewApi: 'v1beta1',
    });
    expect(report.access.rows).toEqual([
      { resource: 'deployments.apps', verbs: ['list', 'create'] },
      { resource: 'pods', verbs: ['get', 'list'] },
    ]);
    const inDefault = JSON.parse((await runCli(['whoami', '-o', 'json', '-n', 'default'], { env: m.env })).stdout);
    expect(inDefault.access.rows).toEqual([{ resource: 'pods', verbs: ['get', 'list'] }]);
  });

  it('another exec plugin (aws eks get-token style): run as kubectl runs it, cluster id from its args', async () => {
    const m = machine(story, {
      cluster: story.clusters[0]!,
      user: story.users['developer-mike']!,
      roleArn: 'arn:aws:iam::123456789012:role/developers',
    });
    // A stand-in for `aws eks get-token --cluster-name demo --region eu-west-1`: a script on PATH that
    // prints an ExecCredential (minted by eks-login, which kubectl never learns).
    const bin = join(m.home, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'aws'),
      `#!/bin/sh\nexec "${process.execPath}" "${BIN}" token --cluster demo --region eu-west-1 --role-arn arn:aws:iam::123456789012:role/developers --no-cache\n`,
      { mode: 0o755 },
    );
    const doc = JSON.parse(readFileSync(m.kubeconfig, 'utf8'));
    doc.users[0].user.exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'demo', '--output', 'json'],
    };
    writeFileSync(m.kubeconfig, JSON.stringify(doc));
    const run = await runCli(['whoami', '-o', 'json'], { env: { ...m.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      cluster: { clusterId: 'demo', region: 'eu-west-1' },
      aws: { arn: expect.stringContaining(':assumed-role/developers/'), sts: { status: 200 } },
      kubernetes: { username: 'developers' },
    });
    const missing = await runCli(['whoami'], { env: { ...m.env, PATH: '/nonexistent' } });
    expect(missing).toMatchObject({
      status: 3,
      stdout: '',
      stderr: expect.stringContaining('exec plugin "aws" of the context was not found on PATH'),
    });
  });

  it('mapped but granted nothing: says so', async () => {
    const m = machine(bare, {
      cluster: bare.clusters[0]!,
      user: bare.users.nina!,
      roleArn: 'arn:aws:iam::123456789012:role/viewers',
    });
    const run = await runCli(['whoami'], { env: m.env });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/username +viewer\n/);
    expect(run.stdout).toContain('May do in namespace default\n  nothing (beyond discovery and self-reviews)');
  });
});
