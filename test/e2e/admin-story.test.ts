// The article's whole story from an empty account, done by `eks-login admin`: moto is IAM (the admin's
// IAM calls go there; the sandbox reads users, keys, groups and roles from it live), the sandbox is STS,
// the EKS control plane and two clusters (demo: access entries; legacy: aws-auth only). Then developers set
// up from the bundle `admin bundle` wrote and use the real kubectl.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../packages/sandbox/src/index.js';
import { startMoto, type Moto } from '../support/moto.js';
import { runCli, runProcess } from '../support/run-process.js';
import { newMachine, type Machine } from '../support/sandbox-machine.js';
import { hasKubectl, hasMoto } from '../support/tools.js';

const WORLD = join(import.meta.dirname, '..', 'fixtures', 'worlds', 'admin.yaml');

function accessFile(groups: string, name = 'acme'): string {
  return `apiVersion: eks-login/v1
kind: Access
name: ${name}
account: "123456789012"
clusters:
  - { name: demo, region: eu-west-1 }
  - { name: legacy, region: eu-west-1 }
groups:
${groups}`;
}
const DEVELOPERS = `  - name: developers
    role: { name: developers }
    members: [developer-mike]
    kubernetes:
      rules: [ { apiGroups: [""], resources: [pods, pods/log], verbs: [get, list] } ]
`;
const ADMINS = `  - name: admins
    role: { name: admins }
    members: [admin-oliver]
    kubernetes:
      rules: [ { apiGroups: ["*"], resources: ["*"], verbs: ["*"] } ]
`;

let moto: Moto;
let sb: Sandbox;
let dir: string;
const machines: Machine[] = [];

beforeAll(async () => {
  if (!hasMoto()) return;
  moto = await startMoto({
    seed: { users: [{ name: 'eks-admin' }, { name: 'developer-mike' }, { name: 'admin-oliver' }], roles: [] },
    auth: false,
  });
  sb = await startSandbox({ world: WORLD, iamFromMoto: moto.endpoint });
  dir = mkdtempSync(join(tmpdir(), 'eks-login-admin-'));
}, 60_000);
afterAll(async () => {
  for (const m of machines) m.remove();
  await sb?.stop();
  await moto?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function adminEnv(): Record<string, string> {
  const admin = moto.users['eks-admin']!;
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(dir, 'admin-home'),
    NO_COLOR: '1',
    AWS_CONFIG_FILE: join(dir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
    ...sb.env(),
    AWS_ENDPOINT_URL_IAM: moto.endpoint,
    AWS_ACCESS_KEY_ID: admin.accessKeyId,
    AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
  };
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const admin = (...args: string[]) => runCli(['admin', ...args], { env: adminEnv() });

async function developer(user: string, group: string, bundle: string): Promise<Machine> {
  const m = newMachine(sb);
  machines.push(m);
  const env = {
    ...m.env,
    AWS_ACCESS_KEY_ID: moto.users[user]!.accessKeyId,
    AWS_SECRET_ACCESS_KEY: moto.users[user]!.secretAccessKey,
  };
  const r = await runCli(['setup', bundle, '--group', group, '--from-env', '--kubeconfig', m.kubeconfig, '--yes'], {
    env,
  });
  expect(r, r.stderr).toMatchObject({ status: 0 });
  return m;
}
const kubectl = (m: Machine, context: string, ...args: string[]) =>
  runProcess('kubectl', ['--context', context, ...args], { env: m.env });

describe.skipIf(!hasKubectl() || !hasMoto())('eks-login admin: from an empty account to working kubectl', () => {
  it('plan → apply → bundle → developers read pods, may not create; admins may; a second apply changes nothing', async () => {
    const file = write('access.yaml', accessFile(DEVELOPERS + ADMINS));
    const plan = await admin('plan', file);
    expect(plan, plan.stderr).toMatchObject({ status: 0 });
    expect(plan.stdout).toContain('+ IAM role developers');
    expect(plan.stdout).toContain('+ IAM group eks-login-developers');
    expect(plan.stdout).toContain('+ access entry arn:aws:iam::123456789012:role/developers (cluster demo)');
    expect(plan.stdout).toContain('+ aws-auth mapRoles arn:aws:iam::123456789012:role/admins (cluster legacy)');
    expect(plan.stdout).toContain('+ ClusterRole eks-login:developers (cluster demo)');
    expect(plan.stdout).toContain('+ ClusterRoleBinding eks-login:admins (cluster legacy)');

    const apply = await admin('apply', file, '--yes');
    expect(apply, apply.stderr).toMatchObject({ status: 0 });

    const out = join(dir, 'bundle.json');
    const bundle = await admin('bundle', file, '--out', out);
    expect(bundle, bundle.stderr).toMatchObject({ status: 0 });
    const bytes = readFileSync(out, 'utf8');
    expect(JSON.parse(bytes)).toMatchObject({
      name: 'acme',
      groups: [{ name: 'developers', roleArn: 'arn:aws:iam::123456789012:role/developers' }, { name: 'admins' }],
    });
    expect((await admin('bundle', file)).stdout).toBe(bytes);

    const mike = await developer('developer-mike', 'developers', out);
    for (const cluster of ['demo', 'legacy']) {
      expect(await kubectl(mike, `developers@${cluster}`, 'get', 'pods')).toMatchObject({
        status: 0,
        stdout: expect.stringContaining(cluster === 'demo' ? 'web-1' : 'legacy-1'),
      });
      const denied = await kubectl(mike, `developers@${cluster}`, 'create', 'deployment', 'x', '--image=nginx');
      expect(denied.status).not.toBe(0);
      expect(denied.stderr).toMatch(
        cluster === 'demo' ? /forbidden: User "eks-login:developer-mike"/ : /forbidden: User "developer-mike"/,
      );
    }
    const oliver = await developer('admin-oliver', 'admins', out);
    expect(
      await kubectl(oliver, 'admins@demo', 'create', 'deployment', 'made-by-oliver', '--image=nginx'),
    ).toMatchObject({ status: 0 });
    expect(await kubectl(oliver, 'admins@legacy', 'get', 'deployments')).toMatchObject({ status: 0 });
    // Foreign objects survived: the nodes' aws-auth entry and the monitoring ClusterRole.
    const awsAuth = await kubectl(
      oliver,
      'admins@legacy',
      'get',
      'configmap',
      'aws-auth',
      '-n',
      'kube-system',
      '-o',
      'jsonpath={.data.mapRoles}',
    );
    expect(awsAuth.stdout).toContain('arn:aws:iam::123456789012:role/nodes');
    expect(awsAuth.stdout).toContain('eks-login:admins');
    expect(await kubectl(oliver, 'admins@demo', 'get', 'clusterrole', 'monitoring')).toMatchObject({ status: 0 });

    // In sync: "no changes", and apply makes no mutating call (every one would fail now).
    expect((await admin('plan', file)).stdout).toBe('no changes\n');
    expect(JSON.parse((await admin('plan', file, '--output', 'json')).stdout)).toEqual({
      access: 'acme',
      inSync: true,
      changeCount: 0,
      changes: [],
      conflicts: [],
    });
    // plan --bundle: the bundle developers have against the one `admin bundle` would write now.
    expect((await admin('plan', file, '--bundle', out)).stdout).toBe('no changes\n');
    const older = JSON.parse(bytes) as { clusters: Array<{ endpoint: string }>; groups: Array<{ name: string }> };
    older.clusters[0]!.endpoint = 'https://old.example';
    older.groups = older.groups.filter((g) => g.name !== 'admins');
    const olderFile = write('older-bundle.json', JSON.stringify(older));
    expect((await admin('plan', file, '--bundle', olderFile)).stdout).toBe(
      'bundle:\n  ~ cluster demo\n      endpoint changes\n  + group admins\n1 to add, 1 to change, 0 to delete\n',
    );
    expect((await admin('plan', file, '--bundle', join(dir, 'none.json'))).stdout).toContain(
      'bundle:\n  + cluster demo\n  + cluster legacy\n  + group developers\n  + group admins\n',
    );
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      sb.injectFault({ component: 'eks', method, status: 500, message: 'no mutating call expected', times: 100 });
      sb.injectFault({ component: 'eks-api', method, status: 500, message: 'no mutating call expected', times: 100 });
    }
    const iamBefore = JSON.stringify((await moto.data()).iam);
    const again = await admin('apply', file, '--yes');
    expect(again, again.stderr).toMatchObject({ status: 0, stdout: 'no changes\n' });
    expect(JSON.stringify((await moto.data()).iam)).toBe(iamBefore);
    sb.clearFaults();
  }, 180_000);

  it('refuses an unowned role of the same name (exit 3, naming it) and changes nothing', async () => {
    const { CreateRoleCommand } = await import('@aws-sdk/client-iam');
    const iam = moto.iam();
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'hand-made',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
      }),
    );
    const file = write(
      'conflict.yaml',
      accessFile(
        `  - name: auditors
    role: { name: hand-made }
    members: [developer-mike]
    kubernetes: { clusterRole: view }
`,
        'acme-audit',
      ),
    );
    const iamBefore = JSON.stringify((await moto.data()).iam);
    // Without a terminal, apply needs --yes (exit 2) before it reads anything.
    expect(await admin('apply', file)).toMatchObject({ status: 2, stderr: expect.stringContaining('needs --yes') });
    const r = await admin('apply', file, '--yes');
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/! IAM: IAM role hand-made: .*not managed by eks-login/);
    expect(r.stderr).toContain('IAM role hand-made');
    expect(JSON.stringify((await moto.data()).iam)).toBe(iamBefore);
  }, 60_000);

  it('a failure half-way stops, says what was applied, and a re-run completes without duplicates', async () => {
    const file = write(
      'testers.yaml',
      accessFile(
        `  - name: testers
    role: { name: testers }
    members: [developer-mike]
    clusters: [demo]
    kubernetes:
      namespaces: [qa]
      rules: [ { apiGroups: [""], resources: [pods], verbs: [get] } ]
`,
        'acme-qa',
      ),
    );
    sb.injectFault({
      component: 'eks',
      method: 'PATCH',
      path: '/rolebindings/',
      status: 500,
      message: 'etcd is having a bad day',
    });
    const first = await admin('apply', file, '--yes');
    expect(first.status).not.toBe(0);
    expect(first.stderr).toMatch(
      /applied \d+ of \d+ step\(s\); stopped at: \+ RoleBinding eks-login:testers in qa in demo/,
    );
    expect(first.stderr).toContain('✔ + IAM role testers');
    expect(first.stderr).toContain('re-run `eks-login admin apply');
    const second = await admin('apply', file, '--yes');
    expect(second, second.stderr).toMatchObject({ status: 0 });
    expect(second.stdout).toContain('+ RoleBinding eks-login:testers in qa (cluster demo)');
    expect(second.stdout).not.toContain('IAM role testers');
    expect((await admin('plan', file)).stdout).toBe('no changes\n');
  }, 90_000);

  it('removing a group and --prune deletes exactly its objects; a removed member loses AssumeRole', async () => {
    const file = write('shrink.yaml', accessFile(DEVELOPERS.replace('members: [developer-mike]', 'members: []')));
    const plan = await admin('plan', file);
    expect(plan.stdout).toMatch(/- IAM role admins\s+\(no longer declared: deleted by apply --prune\)/);
    expect(plan.stdout).toContain('- member developer-mike');
    const kept = await admin('apply', file, '--yes');
    expect(kept, kept.stderr).toMatchObject({ status: 0 });
    // moto's data.json keeps deleted objects: ask its IAM API what exists.
    const { ListRolesCommand, ListGroupsCommand } = await import('@aws-sdk/client-iam');
    const iam = moto.iam();
    const roles = async () => ((await iam.send(new ListRolesCommand({}))).Roles ?? []).map((r) => r.RoleName!).sort();
    expect(await roles()).toContain('admins');

    // developer-mike is no longer in eks-login-developers: STS refuses the role (exit 5).
    const mike = {
      ...newMachine(sb).env,
      AWS_ACCESS_KEY_ID: moto.users['developer-mike']!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: moto.users['developer-mike']!.secretAccessKey,
    };
    const token = await runCli(
      [
        'token',
        '--cluster',
        'demo',
        '--region',
        'eu-west-1',
        '--role-arn',
        'arn:aws:iam::123456789012:role/developers',
        '--no-cache',
      ],
      { env: mike },
    );
    expect(token.status).toBe(5);

    const pruned = await admin('apply', file, '--yes', '--prune');
    expect(pruned, pruned.stderr).toMatchObject({ status: 0 });
    expect(pruned.stderr).toContain('✔ - IAM role admins');
    expect(await roles()).toEqual(expect.not.arrayContaining(['admins']));
    expect(await roles()).toEqual(expect.arrayContaining(['developers', 'testers', 'hand-made']));
    const groups = ((await iam.send(new ListGroupsCommand({}))).Groups ?? []).map((g) => g.GroupName!).sort();
    expect(groups).toEqual(['eks-login-developers', 'eks-login-testers']);
    expect(sb.world.clusters[0]!.accessEntries.map((e) => e.principalArn).sort()).toEqual([
      'arn:aws:iam::123456789012:role/developers',
      'arn:aws:iam::123456789012:role/testers',
    ]);
    const legacyAuth = sb.world.clusters[1]!.awsAuth.mapRoles.map((m) => m.rolearn);
    expect(legacyAuth).toEqual(['arn:aws:iam::123456789012:role/nodes', 'arn:aws:iam::123456789012:role/developers']);
    expect((await admin('plan', file)).stdout).toBe('no changes\n');
  }, 120_000);
});
