// `eks-login adopt` end to end on the sandbox with real kubectl: a kubeconfig as `aws eks update-kubeconfig`
// writes it (two contexts: one with --role-arn and mike's keys, one with AWS_PROFILE=oliver in the exec env and
// --role-arn admins), plus a foreign context. After adopt, kubectl works on each adopted context, the token
// carries the same STS host as aws-cli's own (when aws is installed), whoami/doctor show the adoption, and
// --undo gives back the original exec entries; the foreign context is never touched.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { serializeYaml } from '../../src/kubeconfig/yaml-codec.node.js';
import { foreignContext } from '../support/aws-cli-kubeconfig.js';
import { runCli, runProcess } from '../support/run-process.js';
import { useSandboxAndMachine } from '../support/sandbox-for-file.js';
import { checkTool, hasKubectl } from '../support/tools.js';

type UserEntry = { name: string; user: { exec?: unknown } };
const ROLE = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
const w = useSandboxAndMachine();
const kubectlOk = hasKubectl();
const awsCheck = checkTool('aws-cli', 'aws', ['--version']);
if (!awsCheck.available) console.warn(`SKIP: ${awsCheck.reason}; the aws-cli half of the host comparison is skipped`);

const tokenHost = (stdout: string): string => {
  const token = (JSON.parse(stdout) as { status: { token: string } }).status.token;
  return new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8')).host;
};

describe.skipIf(!kubectlOk)('eks-login adopt on the sandbox (kubectl, process)', () => {
  it(
    'adopts an aws eks update-kubeconfig kubeconfig; kubectl works on each context; --undo restores; the foreign context is untouched',
    { timeout: 240_000 },
    async () => {
      const { sb, m } = w;
      const cluster = sb.clusters[0]!;
      const arn = `arn:aws:eks:${cluster.region}:123456789012:cluster/${cluster.name}`;
      const awsExec = (role: string, env?: Array<{ name: string; value: string }>) => ({
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        args: [
          '--region',
          cluster.region,
          'eks',
          'get-token',
          '--cluster-name',
          cluster.name,
          '--output',
          'json',
          '--role-arn',
          ROLE(role),
        ],
        command: 'aws',
        ...(env ? { env } : {}),
      });
      const foreign = foreignContext('https://127.0.0.1:1');
      const doc = {
        apiVersion: 'v1',
        clusters: [
          {
            cluster: {
              'certificate-authority-data': Buffer.from(cluster.caPem).toString('base64'),
              server: cluster.endpoint,
            },
            name: arn,
          },
          ...foreign.clusters,
        ],
        contexts: [
          { context: { cluster: arn, user: arn }, name: 'demo-dev' },
          { context: { cluster: arn, user: 'demo-admin' }, name: 'demo-admin' },
          ...foreign.contexts,
        ],
        'current-context': 'demo-dev',
        kind: 'Config',
        preferences: {},
        users: [
          { name: arn, user: { exec: awsExec('developers') } },
          { name: 'demo-admin', user: { exec: awsExec('admins', [{ name: 'AWS_PROFILE', value: 'oliver' }]) } },
          ...foreign.users,
        ],
      };
      mkdirSync(dirname(m.kubeconfig), { recursive: true });
      writeFileSync(m.kubeconfig, serializeYaml(doc), { mode: 0o600 });
      const credentials = join(m.home, 'aws-credentials');
      const oliver = sb.users['admin-oliver']!;
      writeFileSync(
        credentials,
        `[oliver]\naws_access_key_id = ${oliver.accessKeyId}\naws_secret_access_key = ${oliver.secretAccessKey}\n`,
        { mode: 0o600 },
      );
      // kubectl's environment: mike's keys (the default chain of the first context), the profile file of the second.
      const env = {
        ...m.envWithKeys('developer-mike'),
        KUBECONFIG: m.kubeconfig,
        AWS_SHARED_CREDENTIALS_FILE: credentials,
        AWS_EC2_METADATA_DISABLED: 'true',
      };

      const adopt = await runCli(['adopt', '--all', '--yes'], { env });
      expect(adopt).toMatchObject({ status: 0, stdout: '' });
      expect(adopt.stderr).toContain('adopted demo-dev');
      expect(adopt.stderr).toContain('kind-local: not adopted');
      const adopted = load(readFileSync(m.kubeconfig, 'utf8')) as typeof doc;
      expect(adopted.contexts).toEqual(doc.contexts);
      expect(adopted.clusters).toEqual(doc.clusters);
      expect(adopted.users[2]).toEqual(doc.users[2]);

      for (const [context, as] of [
        ['demo-dev', 'developers'],
        ['demo-admin', 'admins'],
      ] as const) {
        const kubectl = await runProcess(
          'kubectl',
          ['--context', context, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'],
          { env, timeoutMs: 60_000 },
        );
        expect(kubectl).toMatchObject({ status: 0, stdout: as });
        const user = (adopted.users as UserEntry[]).find(
          (u) => u.name === (context === 'demo-dev' ? arn : 'demo-admin'),
        )!;
        const exec = user.user.exec as {
          command: string;
          args: string[];
          env?: Array<{ name: string; value: string }>;
        };
        expect(exec.command).toBe('/bin/sh'); // node and the CLI script, through the launcher line
        const execEnv = Object.fromEntries((exec.env ?? []).map((e) => [e.name, e.value]));
        const ours = await runProcess(exec.command, exec.args, { env: { ...env, ...execEnv } });
        expect(ours.status).toBe(0);
        if (awsCheck.available) {
          const original = (doc.users as UserEntry[]).find((u) => u.name === user.name)!.user.exec as {
            args: string[];
          };
          // botocore lets environment keys win over AWS_PROFILE (eks-login, like the JS SDK, the profile): the
          // profile's context is compared without them.
          const awsEnv = {
            ...env,
            ...execEnv,
            AWS_CA_BUNDLE: sb.caFile,
            ...(execEnv.AWS_PROFILE ? { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined } : {}),
          };
          const theirs = await runProcess('aws', original.args, { env: awsEnv, timeoutMs: 60_000 });
          expect(theirs.stderr).toBe('');
          expect(theirs.status).toBe(0);
          expect(tokenHost(ours.stdout)).toBe(tokenHost(theirs.stdout));
        }
      }

      const whoami = await runCli(['whoami', '--context', 'demo-admin'], { env });
      expect(whoami.stdout).toContain('adopted  from aws eks get-token by `eks-login adopt`');
      const doctor = await runCli(['doctor', '--context', 'demo-dev'], { env });
      expect(doctor.stdout).toContain('adopted from aws eks get-token by `eks-login adopt`');

      const again = await runCli(['adopt', '--all', '--yes'], { env });
      expect(again).toMatchObject({ status: 0 });
      expect(load(readFileSync(m.kubeconfig, 'utf8'))).toEqual(adopted);

      const undo = await runCli(['adopt', '--undo', '--all', '--yes'], { env });
      expect(undo).toMatchObject({ status: 0 });
      expect(load(readFileSync(m.kubeconfig, 'utf8'))).toEqual(doc);
    },
  );
});
