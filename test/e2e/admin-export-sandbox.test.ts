// `admin export --format kubernetes` on a real API server path: moto is IAM, the sandbox is STS, EKS and the
// cluster. `admin apply` makes the RBAC objects; they are deleted and the exported manifests applied with the
// real `kubectl apply --server-side`: the cluster then holds exactly the RBAC apply made, and `admin plan`
// says "no changes" (exit 0 with --exit-code). A deleted binding is drift: --exit-code exits 10 and the JSON
// counts one change. `admin bundle --cluster-info` / `--from-terraform-output` write, without any credential,
// the bytes `admin bundle` writes with DescribeCluster.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../packages/sandbox/src/index.js';
import { startMoto, type Moto } from '../support/moto.js';
import { BIN, runCli, runProcess } from '../support/run-process.js';
import { writeKubeconfig } from '../support/sandbox-kubeconfig.js';
import { hasKubectl, hasMoto } from '../support/tools.js';

const WORLD = join(import.meta.dirname, '..', 'fixtures', 'worlds', 'admin.yaml');
const ACCESS = `apiVersion: eks-login/v1
kind: Access
name: acme-gitops
account: "123456789012"
clusters:
  - { name: demo, region: eu-west-1 }
groups:
  - name: developers
    role: { name: gitops-developers }
    members: [developer-mike]
    kubernetes:
      rules:
        - { apiGroups: [""], resources: [pods, pods/log], verbs: [get, list] }
        - { nonResourceURLs: [/healthz], verbs: [get] }
  - name: team-a
    role: { name: gitops-team-a, path: /eks-login/ }
    members: [developer-mike]
    kubernetes:
      namespaces: [default]
      rules: [ { apiGroups: [apps], resources: [deployments], verbs: [get, list, watch] } ]
  - name: viewers
    role: { name: gitops-viewers }
    kubernetes: { clusterRole: view }
`;

let moto: Moto;
let sb: Sandbox;
let dir: string;

beforeAll(async () => {
  if (!hasMoto() || !hasKubectl()) return;
  moto = await startMoto({
    seed: { users: [{ name: 'eks-admin' }, { name: 'developer-mike' }], roles: [] },
    auth: false,
  });
  sb = await startSandbox({ world: WORLD, iamFromMoto: moto.endpoint });
  dir = mkdtempSync(join(tmpdir(), 'eks-login-export-'));
}, 60_000);
afterAll(async () => {
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
    AWS_EC2_METADATA_DISABLED: 'true',
    ...sb.env(),
    AWS_ENDPOINT_URL_IAM: moto.endpoint,
    AWS_ACCESS_KEY_ID: admin.accessKeyId,
    AWS_SECRET_ACCESS_KEY: admin.secretAccessKey,
  };
}
const admin = (...args: string[]) => runCli(['admin', ...args], { env: adminEnv(), cwd: dir });

/** kubectl as the cluster's admin: its token is the admin's own (no role), minted by eks-login. */
function kubectl(...args: string[]) {
  const cluster = sb.clusters.find((c) => c.name === 'demo')!;
  const kubeconfig = writeKubeconfig(
    dir,
    cluster,
    {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: process.execPath,
        args: [BIN, 'token', '--cluster', 'demo', '--region', 'eu-west-1'],
      },
    },
    'admin-kubeconfig',
  );
  return runProcess('kubectl', ['--kubeconfig', kubeconfig, ...args], { env: adminEnv() });
}

const OURS = 'app.kubernetes.io/managed-by=eks-login,eks-login/access=acme-gitops';
/** The RBAC objects of this access file as the API server holds them (what matters: names, labels, rules, subjects, roleRef). */
async function rbacOnCluster(): Promise<unknown[]> {
  const r = await kubectl(
    'get',
    'clusterroles,clusterrolebindings,rolebindings',
    '--all-namespaces',
    '-l',
    OURS,
    '-o',
    'json',
  );
  expect(r, r.stderr).toMatchObject({ status: 0 });
  const items = (
    JSON.parse(r.stdout) as {
      items: Array<
        Record<string, unknown> & {
          kind: string;
          metadata: { name: string; namespace?: string; labels: Record<string, string> };
        }
      >;
    }
  ).items;
  return items
    .map((o) => ({
      kind: o.kind,
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      labels: o.metadata.labels,
      rules: o.rules,
      subjects: o.subjects,
      roleRef: o.roleRef,
    }))
    .sort((a, b) => `${a.kind}/${a.namespace}/${a.name}`.localeCompare(`${b.kind}/${b.namespace}/${b.name}`));
}

describe.skipIf(!hasKubectl() || !hasMoto())('admin export on the sandbox', () => {
  it('the exported manifests, applied with kubectl --server-side, are the RBAC admin apply makes; plan then says no changes', async () => {
    writeFileSync(join(dir, 'access.yaml'), ACCESS);
    const apply = await admin('apply', 'access.yaml', '--yes');
    expect(apply, apply.stderr).toMatchObject({ status: 0 });
    const byApply = await rbacOnCluster();
    expect(byApply.map((o) => `${(o as { kind: string }).kind} ${(o as { name: string }).name}`)).toEqual([
      'ClusterRole eks-login:developers',
      'ClusterRole eks-login:team-a',
      'ClusterRoleBinding eks-login:developers',
      'ClusterRoleBinding eks-login:viewers',
      'RoleBinding eks-login:team-a',
    ]);

    // The same objects, made by GitOps instead: delete apply's, apply the export's.
    expect(
      await kubectl('delete', 'clusterroles,clusterrolebindings,rolebindings', '--all-namespaces', '-l', OURS),
    ).toMatchObject({ status: 0 });
    expect(await rbacOnCluster()).toEqual([]);
    const exported = await runCli(['admin', 'export', 'access.yaml', '--format', 'kubernetes', '--out', 'rbac.yaml'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(dir, 'no-credentials') },
      cwd: dir,
    });
    expect(exported, exported.stderr).toMatchObject({ status: 0 });
    // The sandbox's API server serves no OpenAPI documents, so kubectl's client-side schema check is off; the
    // apply itself is the real server-side apply (PATCH application/apply-patch+yaml).
    const server = await kubectl(
      'apply',
      '--server-side',
      '--validate=false',
      '--field-manager',
      'gitops',
      '-f',
      join(dir, 'rbac.yaml'),
    );
    expect(server, server.stderr).toMatchObject({ status: 0 });
    expect(server.stdout).toContain('clusterrole.rbac.authorization.k8s.io/eks-login:developers serverside-applied');
    expect(await rbacOnCluster()).toEqual(byApply);

    // Marked objects made by another tool count as eks-login's: in sync.
    expect(await admin('plan', 'access.yaml', '--exit-code')).toMatchObject({ status: 0, stdout: 'no changes\n' });
    const json = await admin('plan', 'access.yaml', '--output', 'json', '--exit-code');
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ inSync: true, changeCount: 0 });

    // Drift: a binding deleted behind the GitOps tool's back.
    expect(await kubectl('delete', 'clusterrolebinding', 'eks-login:viewers')).toMatchObject({ status: 0 });
    const drift = await admin('plan', 'access.yaml', '--output', 'json', '--exit-code');
    expect(drift.status).toBe(10);
    expect(JSON.parse(drift.stdout)).toMatchObject({
      inSync: false,
      changeCount: 1,
      changes: [{ op: '+', target: 'ClusterRoleBinding eks-login:viewers' }],
    });
    expect((await admin('plan', 'access.yaml')).status).toBe(0);
  }, 300_000);

  it('admin bundle --cluster-info and --from-terraform-output: no credentials, the bytes DescribeCluster gives', async () => {
    writeFileSync(join(dir, 'access.yaml'), ACCESS);
    const described = await admin('bundle', 'access.yaml');
    expect(described, described.stderr).toMatchObject({ status: 0 });
    const demo = sb.clusters.find((c) => c.name === 'demo')!;
    const ca = Buffer.from(demo.caPem).toString('base64');
    writeFileSync(
      join(dir, 'cluster-info.json'),
      JSON.stringify({ clusters: { demo: { endpoint: demo.endpoint, certificateAuthorityData: ca } } }),
    );
    // `terraform output -json` of the exported configuration (its output eks_login).
    writeFileSync(
      join(dir, 'tf.json'),
      JSON.stringify({
        eks_login: {
          sensitive: false,
          type: ['object', {}],
          value: {
            account_id: '123456789012',
            partition: 'aws',
            clusters: { demo: { endpoint: demo.endpoint, certificate_authority_data: ca } },
          },
        },
      }),
    );
    const noCredentials = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: join(dir, 'no-credentials'),
      AWS_CONFIG_FILE: join(dir, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: 'https://127.0.0.1:9',
    };
    for (const flag of ['--cluster-info=cluster-info.json', '--from-terraform-output=tf.json']) {
      const r = await runCli(['admin', 'bundle', 'access.yaml', flag, '--out', 'bundle.json'], {
        env: noCredentials,
        cwd: dir,
      });
      expect(r, r.stderr).toMatchObject({ status: 0 });
      expect(readFileSync(join(dir, 'bundle.json'), 'utf8')).toBe(described.stdout);
    }
  }, 90_000);
});
