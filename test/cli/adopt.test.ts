// `eks-login adopt` in-process through run(): a kubeconfig from `aws eks update-kubeconfig` (two clusters, one
// with --role-arn, one with AWS_PROFILE in env), an aws-iam-authenticator user through a wrapper path and a
// foreign context. Adopt rewrites only the exec command/args, keeps everything else, records the originals;
// --dry-run writes nothing; no terminal and no --yes is exit 2; a foreign context is exit 3; a second run
// changes nothing; --undo gives the originals back; logout --remove-contexts leaves adopted contexts alone.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { serializeYaml } from '../../src/kubeconfig/yaml-codec.node.js';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { SHELL_LAUNCH } from '../../src/kubeconfig/exec-launcher.js';
import { adoptedInstallHint } from '../../src/kernel/install.js';
import { readTokenArgv } from '../../src/token/token-argv.js';
import { arnOf, awsCliKubeconfig, foreignContext, type AwsCliCluster } from '../support/aws-cli-kubeconfig.js';
import { createTestContext } from '../support/fakes.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();
const DEMO: AwsCliCluster = {
  name: 'demo',
  region: 'eu-west-1',
  server: 'https://ABCD.gr7.eu-west-1.eks.amazonaws.com',
  caData: 'Y2E=',
  roleArn: 'arn:aws:iam::123456789012:role/developers',
};
const PROD: AwsCliCluster = {
  name: 'prod',
  region: 'us-east-2',
  server: 'https://EFGH.yl4.us-east-2.eks.amazonaws.com',
  caData: 'Y2E=',
  profile: 'dev',
};
const AUTHENTICATOR = {
  clusters: [{ cluster: { server: 'https://IJKL.sk1.eu-central-1.eks.amazonaws.com' }, name: 'legacy' }],
  users: [
    {
      name: 'legacy',
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: '/opt/wrappers/bin/aws-iam-authenticator',
          args: ['token', '-i', 'legacy', '-r', 'arn:aws:iam::123456789012:role/admins', '--region', 'eu-central-1'],
          env: [{ name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' }],
        },
      },
    },
  ],
  contexts: [{ context: { cluster: 'legacy', user: 'legacy' }, name: 'legacy' }],
};

function world(options: { terminal?: boolean } = {}) {
  const dir = tempDir();
  const kubeconfig = join(dir, '.kube', 'config');
  mkdirSync(join(dir, '.kube'));
  const foreign = foreignContext('https://127.0.0.1:6443');
  const doc = awsCliKubeconfig([DEMO, PROD], {
    clusters: [...foreign.clusters, ...AUTHENTICATOR.clusters],
    users: [...foreign.users, ...AUTHENTICATOR.users],
    contexts: [...foreign.contexts, ...AUTHENTICATOR.contexts],
  });
  const original = serializeYaml(doc); // YAML with indentless sequences, as kubectl and aws-cli write it
  writeFileSync(kubeconfig, original, { mode: 0o600 });
  const script = join(dir, 'lib', 'eks-login.js');
  mkdirSync(join(dir, 'lib'));
  writeFileSync(script, '', { mode: 0o755 });
  const ctx = createTestContext({
    env: { HOME: dir, PATH: '' },
    script,
    isInteractiveTerminal: options.terminal ?? false,
    ...(options.terminal ? { prompter: async () => ({ ask: async () => 'y' }) } : {}),
  });
  const read = () =>
    load(readFileSync(kubeconfig, 'utf8')) as {
      users: Array<{
        name: string;
        user: Record<string, unknown> & { exec?: { command: string; args: string[]; env?: unknown } };
      }>;
      contexts: unknown[];
      clusters: unknown[];
    };
  return { dir, kubeconfig, original, doc, script, ctx, read };
}

const userOf = (w: ReturnType<typeof world>, name: string) => w.read().users.find((u) => u.name === name)!;

/** The args before `token` of the Linux/macOS entry: /bin/sh runs node with the script, else prints the installHint. */
const launch = (script: string) => ['-c', SHELL_LAUNCH, adoptedInstallHint(), process.execPath, script];

describe('eks-login adopt (in-process)', () => {
  it('--all --dry-run prints the unified diff on stdout and writes nothing', async () => {
    const w = world();
    expect(await run(['adopt', '--all', '--dry-run'], w.ctx)).toBe(0);
    expect(readFileSync(w.kubeconfig, 'utf8')).toBe(w.original);
    expect(w.ctx.stdout.text).toContain(`--- ${w.kubeconfig}\tcurrent`);
    expect(w.ctx.stdout.text).toContain('+++ ' + w.kubeconfig + '\tafter eks-login adopt');
    expect(w.ctx.stdout.text).toMatch(/^-\s+command: aws$/m);
    expect(w.ctx.stdout.text).toContain('+      command: /bin/sh');
    expect(w.ctx.stdout.text).toContain(`+      - ${process.execPath}`);
    expect(w.ctx.stdout.text).not.toMatch(/^[-+].*kind-local/m);
    expect(w.ctx.stderr.text).toContain('kind-local: not adopted: its user kind-local has no exec plugin');
    expect(w.ctx.stderr.text).toContain('dry run: nothing written');
    expect(existsSync(join(w.dir, '.config', 'eks-login', 'adopted.json'))).toBe(false);
  });

  it('without a terminal and without --yes: exit 2, nothing written', async () => {
    const w = world();
    expect(await run(['adopt', '--all'], w.ctx)).toBe(2);
    expect(w.ctx.stderr.text).toContain('there is no terminal to confirm it');
    expect(w.ctx.stderr.text).toContain('pass --yes');
    expect(readFileSync(w.kubeconfig, 'utf8')).toBe(w.original);
  });

  it('a context that is not adoptable is exit 3 with the reason', async () => {
    const w = world();
    expect(await run(['adopt', '--context', 'kind-local', '--yes'], w.ctx)).toBe(3);
    expect(w.ctx.stderr.text).toContain('context kind-local cannot be adopted: it');
    expect(readFileSync(w.kubeconfig, 'utf8')).toBe(w.original);
  });

  it('--all --yes rewrites command and args only; env, other fields and the foreign context stay; a second run changes nothing; --undo restores', async () => {
    const w = world();
    expect(await run(['adopt', '--all', '--yes'], w.ctx)).toBe(0);
    const demo = userOf(w, arnOf(DEMO)).user.exec!;
    expect(demo).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: '/bin/sh',
      args: [...launch(w.script), 'token', '--cluster', 'demo', '--region', 'eu-west-1', '--role-arn', DEMO.roleArn],
    });
    // Key order of the exec entry is kept (args before command, as aws-cli wrote it).
    expect(Object.keys(demo)).toEqual(['apiVersion', 'args', 'command']);
    const prod = userOf(w, arnOf(PROD)).user.exec!;
    expect(prod).toMatchObject({
      args: [...launch(w.script), 'token', '--cluster', 'prod', '--region', 'us-east-2'],
      env: [{ name: 'AWS_PROFILE', value: 'dev' }],
    });
    const legacy = userOf(w, 'legacy').user.exec!;
    expect(legacy).toMatchObject({
      args: [
        ...launch(w.script),
        'token',
        '--cluster',
        'legacy',
        '--region',
        'eu-central-1',
        '--role-arn',
        'arn:aws:iam::123456789012:role/admins',
      ],
      env: [{ name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' }],
    });
    // The args are what `eks-login token` reads (the warm path's table).
    expect(readTokenArgv(legacy.args.slice(5))).toMatchObject({ cluster: 'legacy', region: 'eu-central-1' });
    const after = w.read();
    expect(after.contexts).toEqual(w.doc.contexts);
    expect(after.clusters).toEqual(w.doc.clusters);
    expect(userOf(w, 'kind-local')).toEqual((w.doc.users as unknown[])[2]);
    expect(existsSync(`${w.kubeconfig}.eks-login.bak`) || w.ctx.stderr.text.includes('backup of')).toBe(true);
    expect(w.ctx.stderr.text).toContain(
      `adopted ${arnOf(DEMO)}: user ${arnOf(DEMO)} in ${w.kubeconfig}: aws eks get-token → eks-login token`,
    );
    expect(w.ctx.stderr.text).toContain('adopted legacy: user legacy in');
    const record = JSON.parse(readFileSync(join(w.dir, '.config', 'eks-login', 'adopted.json'), 'utf8'));
    expect(record.users).toHaveLength(3);

    const adopted = readFileSync(w.kubeconfig, 'utf8');
    w.ctx.stderr.text = '';
    expect(await run(['adopt', '--all', '--yes'], w.ctx)).toBe(0);
    expect(readFileSync(w.kubeconfig, 'utf8')).toBe(adopted);
    expect(w.ctx.stderr.text).toContain(`${arnOf(DEMO)}: already adopted`);
    expect(w.ctx.stderr.text).toContain('nothing to change');

    // logout --remove-contexts removes only what setup wrote: adopted contexts are the user's.
    expect(await run(['logout', '--all', '--remove-contexts'], w.ctx)).toBe(0);
    expect(readFileSync(w.kubeconfig, 'utf8')).toBe(adopted);

    expect(await run(['adopt', '--undo', '--all', '--yes'], w.ctx)).toBe(0);
    expect(w.read()).toEqual(w.doc);
    expect(JSON.parse(readFileSync(join(w.dir, '.config', 'eks-login', 'adopted.json'), 'utf8')).users).toEqual([]);
  });

  it('without --context or --all: the current context, after a confirmation on a terminal; --undo --context restores it alone', async () => {
    const w = world({ terminal: true });
    expect(await run(['adopt'], w.ctx)).toBe(0);
    expect(w.ctx.stderr.text).toContain(`${arnOf(DEMO)}: user ${arnOf(DEMO)}`);
    expect(userOf(w, arnOf(DEMO)).user.exec!.command).toBe('/bin/sh');
    expect(userOf(w, arnOf(PROD)).user.exec!.command).toBe('aws');
    expect(await run(['adopt', '--context', arnOf(PROD), '--yes'], w.ctx)).toBe(0);
    expect(await run(['adopt', '--undo', '--context', arnOf(DEMO), '--yes'], w.ctx)).toBe(0);
    expect(userOf(w, arnOf(DEMO)).user.exec).toEqual((w.doc.users as Array<{ user: { exec: unknown } }>)[0]!.user.exec);
    expect(userOf(w, arnOf(PROD)).user.exec!.command).toBe('/bin/sh');
  });
});
