// The identity binding end to end on the sandbox (its IAM API for the admin, its STS deciding with the IAM
// evaluator): `admin apply` binds the group role's session name and SourceIdentity to the IAM user name, a
// member's forged name is AccessDenied at STS, an older eks-login's unbound role and group show in `admin plan`
// as `~` and apply migrates them, and the developer side sends SourceIdentity=<IAM user name> on the wire.
import {
  GetGroupPolicyCommand,
  IAMClient,
  PutGroupPolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../packages/sandbox/src/index.js';
import { runCli, runProcess } from '../support/run-process.js';
import { stsClient, type Keys } from '../support/sandbox-clients.js';
import { newMachine, type Machine } from '../support/sandbox-machine.js';
import { hasKubectl } from '../support/tools.js';

const ROOT = join(import.meta.dirname, '..', '..');
const WORLD = join(ROOT, 'packages', 'sandbox', 'src', 'worlds', 'empty-account.yaml');
const ACCESS = join(ROOT, 'examples', 'access', 'article.yaml');
const DEVELOPERS = 'arn:aws:iam::123456789012:role/developers';

let sb: Sandbox;
let dir: string;
const machines: Machine[] = [];

beforeAll(async () => {
  sb = await startSandbox({ world: WORLD });
  dir = mkdtempSync(join(tmpdir(), 'eks-login-binding-'));
}, 60_000);
afterAll(async () => {
  for (const m of machines) m.remove();
  await sb?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const keys = (user: string): Keys => ({
  accessKeyId: sb.users[user]!.accessKeyId,
  secretAccessKey: sb.users[user]!.secretAccessKey,
});
const adminEnv = () => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: join(dir, 'admin-home'),
  NO_COLOR: '1',
  ...sb.env(),
  AWS_ACCESS_KEY_ID: keys('eks-admin').accessKeyId,
  AWS_SECRET_ACCESS_KEY: keys('eks-admin').secretAccessKey,
});
const admin = (...args: string[]) => runCli(['admin', ...args], { env: adminEnv() });
const assume = (user: string, input: { RoleSessionName: string; SourceIdentity?: string }) =>
  stsClient(sb, keys(user)).send(new AssumeRoleCommand({ RoleArn: DEVELOPERS, ...input }));
const iam = () =>
  new IAMClient({
    region: 'us-east-1',
    endpoint: sb.iamEndpoint,
    credentials: keys('eks-admin'),
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: readFileSync(sb.caFile, 'utf8') }) }),
  });

describe('the identity binding on the sandbox', () => {
  it("apply writes it: a member's forged session name or SourceIdentity is AccessDenied, their own name passes", async () => {
    const apply = await admin('apply', ACCESS, '--yes');
    expect(apply, apply.stderr).toMatchObject({ status: 0 });
    const policy = await iam().send(
      new GetGroupPolicyCommand({ GroupName: 'eks-login-developers', PolicyName: 'eks-login-assume-role' }),
    );
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument!))).toMatchObject({
      Statement: [
        { Condition: { StringEquals: { 'sts:RoleSessionName': '${aws:username}' } } },
        { Action: 'sts:SetSourceIdentity' },
      ],
    });

    await expect(assume('developer-mike', { RoleSessionName: 'admin-oliver' })).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::123456789012:user/developer-mike is not authorized to perform: sts:AssumeRole on resource: ${DEVELOPERS}`,
    });
    await expect(
      assume('developer-mike', { RoleSessionName: 'developer-mike', SourceIdentity: 'admin-oliver' }),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('not authorized to perform: sts:SetSourceIdentity'),
    });
    const own = await assume('developer-mike', { RoleSessionName: 'developer-mike', SourceIdentity: 'developer-mike' });
    expect(own.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/developers/developer-mike');
    expect(own.SourceIdentity).toBe('developer-mike');
    expect(sb.decisions.filter((d) => !d.allowed).map((d) => d.reason)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('sts:RoleSessionName=admin-oliver, aws:username=developer-mike'),
        expect.stringContaining('sts:SourceIdentity=admin-oliver, aws:username=developer-mike'),
      ]),
    );
  }, 120_000);

  it("an older eks-login's unbound role and group: plan shows them as ~, apply binds them in place", async () => {
    const client = iam();
    const unbound = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'EksLoginAssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: DEVELOPERS }],
    };
    const oldTrust = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EksLoginAssumeRole',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    await client.send(
      new PutGroupPolicyCommand({
        GroupName: 'eks-login-developers',
        PolicyName: 'eks-login-assume-role',
        PolicyDocument: JSON.stringify(unbound),
      }),
    );
    await client.send(
      new UpdateAssumeRolePolicyCommand({ RoleName: 'developers', PolicyDocument: JSON.stringify(oldTrust) }),
    );
    // The hole the binding closes: with the old policy a member may call the session whatever they like.
    expect((await assume('developer-mike', { RoleSessionName: 'admin-oliver' })).AssumedRoleUser?.Arn).toMatch(
      /assumed-role\/developers\/admin-oliver$/,
    );

    const plan = await admin('plan', ACCESS);
    expect(plan, plan.stderr).toMatchObject({ status: 0 });
    expect(plan.stdout).toContain(
      [
        'IAM:',
        '  ~ IAM role developers',
        '      trust policy: allows sts:SetSourceIdentity (identity binding; was missing)',
        '  ~ IAM group eks-login-developers',
        '      policy eks-login-assume-role: may assume arn:aws:iam::123456789012:role/developers',
        '      only as themselves: role session name and SourceIdentity must equal the IAM user name (identity binding; was missing)',
      ].join('\n'),
    );
    expect(plan.stdout).toContain('0 to add, 2 to change, 0 to delete');

    const apply = await admin('apply', ACCESS, '--yes');
    expect(apply, apply.stderr).toMatchObject({ status: 0 });
    expect(apply.stderr).toContain('✔ ~ IAM role developers trust policy');
    expect(apply.stderr).toContain('✔ ~ IAM group eks-login-developers policy');
    expect((await admin('plan', ACCESS)).stdout).toBe('no changes\n');
    await expect(assume('developer-mike', { RoleSessionName: 'admin-oliver' })).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  }, 120_000);

  it.skipIf(!hasKubectl())(
    'the bundle says sourceIdentity: setup and kubectl send SourceIdentity=<IAM user name> on every AssumeRole',
    async () => {
      const out = join(dir, 'bundle.json');
      expect(await admin('bundle', ACCESS, '-o', out)).toMatchObject({ status: 0 });
      const bundle = JSON.parse(readFileSync(out, 'utf8')) as {
        groups: Array<{ name: string; sourceIdentity?: boolean }>;
      };
      expect(bundle.groups.map((g) => [g.name, g.sourceIdentity])).toEqual([
        ['developers', true],
        ['admins', true],
      ]);

      const mike = newMachine(sb);
      machines.push(mike);
      const before = sb.decisions.length;
      const setup = await runCli(
        ['setup', out, '--group', 'developers', '--from-env', '--kubeconfig', mike.kubeconfig, '--yes'],
        { env: mike.envWithKeys('developer-mike') },
      );
      expect(setup, setup.stderr).toMatchObject({ status: 0 });
      const pods = await runProcess('kubectl', ['--context', 'developers@demo', 'get', 'pods'], { env: mike.env });
      expect(pods, pods.stderr).toMatchObject({ status: 0 });
      const assumed = sb.decisions
        .slice(before)
        .filter((d) => d.component === 'sts' && d.reason.startsWith('AssumeRole'));
      // setup's trial and kubectl's token: both as developer-mike, both with SourceIdentity developer-mike.
      expect(assumed.length).toBeGreaterThanOrEqual(2);
      for (const d of assumed)
        expect(d).toMatchObject({
          allowed: true,
          reason: expect.stringContaining(`-> ${DEVELOPERS} (session developer-mike, source identity developer-mike,`),
        });
      // whoami: the token came from kubectl's cache, so it says what eks-login sends; json has the same.
      const whoami = await runCli(['whoami', '--context', 'developers@demo', '--output', 'json'], { env: mike.env });
      expect(whoami, whoami.stderr).toMatchObject({ status: 0 });
      expect(JSON.parse(whoami.stdout)).toMatchObject({
        aws: { sourceIdentity: 'developer-mike', sourceIdentityFrom: 'sent' },
        kubernetes: { username: 'eks-login:developer-mike' },
      });
    },
    120_000,
  );

  it('a source that is not an IAM user (a role session) is exit 4 naming why, for setup and for token', async () => {
    const out = join(dir, 'bundle.json');
    const session = await assume('developer-mike', { RoleSessionName: 'developer-mike' });
    const m = newMachine(sb);
    machines.push(m);
    const credentials = join(m.home, 'credentials');
    const profile = (k: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }) =>
      `[chain]\naws_access_key_id = ${k.AccessKeyId}\naws_secret_access_key = ${k.SecretAccessKey}\n${k.SessionToken ? `aws_session_token = ${k.SessionToken}\n` : ''}`;
    writeFileSync(credentials, profile(session.Credentials!), { mode: 0o600 });
    const env = { ...m.env, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: join(m.home, 'none') };
    const setup = await runCli(
      ['setup', out, '--group', 'developers', '--source-profile', 'chain', '--kubeconfig', m.kubeconfig, '--yes'],
      { env },
    );
    expect(setup.status).toBe(4);
    expect(setup.stderr).toContain(
      'its role binds the session to an IAM user name, but the source identity arn:aws:sts::123456789012:assumed-role/developers/developer-mike is a role session (role chaining), not an IAM user',
    );

    // Set up with mike's own key in the profile, then the profile turns into a role session: token refuses it.
    writeFileSync(
      credentials,
      profile({
        AccessKeyId: keys('developer-mike').accessKeyId,
        SecretAccessKey: keys('developer-mike').secretAccessKey,
      }),
      { mode: 0o600 },
    );
    expect(
      await runCli(
        ['setup', out, '--group', 'developers', '--source-profile', 'chain', '--kubeconfig', m.kubeconfig, '--yes'],
        { env },
      ),
    ).toMatchObject({ status: 0 });
    writeFileSync(credentials, profile(session.Credentials!), { mode: 0o600 });
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
        'acme',
        '--group',
        'developers',
      ],
      { env },
    );
    expect(token.status).toBe(4);
    expect(token.stdout).toBe('');
    expect(token.stderr).toContain('is a role session (role chaining), not an IAM user');
  }, 120_000);
});
