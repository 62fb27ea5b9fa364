// setup end to end as a process against moto (an independent STS/IAM): the key check passes for
// developer-mike, a wrong secret and a denied role store nothing; kubectl reads what setup wrote.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Moto, startMoto, writeMotoBundle } from '../support/moto.js';
import { SHELL_LAUNCH } from '../../src/kubeconfig/exec-launcher.js';
import { BIN, runCliSync } from '../support/run-process.js';
import { useTempDirs } from '../support/temp-dir.js';
import { hasKubectl, hasMoto } from '../support/tools.js';

const tempDir = useTempDirs();

describe.skipIf(!hasMoto() || !hasKubectl())('setup against moto, read by kubectl', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  function world(secret?: string) {
    const dir = tempDir();
    const { home } = writeMotoBundle(dir, moto.roles);
    const mike = moto.users['developer-mike']!;
    const env = {
      HOME: home,
      EKS_LOGIN_KEYRING: 'file',
      ...moto.userEnv('developer-mike'),
      ...(secret ? { AWS_SECRET_ACCESS_KEY: secret } : {}),
    };
    return {
      dir,
      home,
      env,
      mike,
      kubeconfig: join(home, '.kube', 'config'),
      secrets: join(home, '.config', 'eks-login', 'secrets.json'),
    };
  }

  it('stores the checked key and writes contexts kubectl can read', () => {
    const w = world();
    const run = runCliSync(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], {
      env: w.env,
      cwd: w.dir,
    });
    expect(run.stderr).toContain(
      'signed in as arn:aws:iam::123456789012:user/developer-mike, can assume role/developers\n',
    );
    expect(run.status).toBe(0);
    expect(statSync(w.secrets).mode & 0o777).toBe(0o600);
    expect(readFileSync(w.secrets, 'utf8')).toContain('access-key/acme');
    expect(readFileSync(w.kubeconfig, 'utf8')).not.toContain(w.mike.secretAccessKey);
    // kubectl runs the exec plugin even for `config` commands: its token processes must reach moto, not AWS.
    const kube = {
      ...process.env,
      HOME: w.home,
      KUBECONFIG: w.kubeconfig,
      AWS_ENDPOINT_URL_STS: moto.endpoint,
      EKS_LOGIN_KEYRING: 'file',
    };
    const contexts = execFileSync('kubectl', ['config', 'get-contexts', '-o', 'name'], { env: kube, encoding: 'utf8' });
    expect(contexts.trim().split('\n').sort()).toEqual(['developers@demo', 'developers@prod']);
    const view = JSON.parse(execFileSync('kubectl', ['config', 'view', '-o', 'json'], { env: kube, encoding: 'utf8' }));
    expect(view['current-context']).toBe('developers@demo');
    const user = view.users.find((u: { name: string }) => u.name === 'developers@demo').user;
    expect(user.exec).toMatchObject({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      // /bin/sh runs the absolute node with the CLI script, or prints the installHint once the script is gone.
      command: '/bin/sh',
      args: [
        '-c',
        SHELL_LAUNCH,
        expect.stringContaining('npm i -g eks-login'),
        expect.stringMatching(/^\/.*\/node$/),
        realpathSync(BIN),
        'token',
        '--cluster',
        'demo',
        '--region',
        'eu-west-1',
        '--role-arn',
        moto.roles.developers,
        '--bundle',
        'acme',
        '--group',
        'developers',
      ],
      env: null,
      interactiveMode: 'IfAvailable',
    });
    expect(user.exec.installHint).toContain('npm i -g eks-login');
    // kubectl keeps the ownership mark when it rewrites the file.
    execFileSync('kubectl', ['config', 'use-context', 'developers@prod'], { env: kube });
    const again = runCliSync(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], {
      env: w.env,
      cwd: w.dir,
    });
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('already up to date, nothing written');
  });

  it('logout --all --forget-keys --remove-contexts undoes setup and keeps foreign entries', () => {
    const w = world();
    mkdirSync(join(w.home, '.kube'));
    const foreign =
      'apiVersion: v1\nkind: Config\nclusters:\n- name: kind\n  cluster:\n    server: https://127.0.0.1:1\ncontexts:\n- name: kind\n  context:\n    cluster: kind\n    user: kind\ncurrent-context: kind\nusers:\n- name: kind\n  user:\n    token: abc\n';
    writeFileSync(w.kubeconfig, foreign);
    expect(
      runCliSync(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes', '--use'], {
        env: w.env,
        cwd: w.dir,
      }).status,
    ).toBe(0);
    const run = runCliSync(['logout', '--all', '--forget-keys', '--remove-contexts'], { env: w.env, cwd: w.dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `kubeconfig ${w.kubeconfig}: removed developers@demo, developers@prod; current-context cleared`,
    );
    // kubectl runs the exec plugin even for `config` commands: its token processes must reach moto, not AWS.
    const kube = {
      ...process.env,
      HOME: w.home,
      KUBECONFIG: w.kubeconfig,
      AWS_ENDPOINT_URL_STS: moto.endpoint,
      EKS_LOGIN_KEYRING: 'file',
    };
    expect(
      execFileSync('kubectl', ['config', 'get-contexts', '-o', 'name'], { env: kube, encoding: 'utf8' }).trim(),
    ).toBe('kind');
    expect(readFileSync(w.secrets, 'utf8')).not.toContain('access-key/acme');
  });

  it('a wrong secret is exit 4 and stores nothing', () => {
    const w = world('x'.repeat(40));
    const run = runCliSync(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], {
      env: w.env,
      cwd: w.dir,
    });
    expect(run.status).toBe(4);
    expect(run.stderr).toMatch(/^eks-login: setup stored nothing: the access key AKIA…\w{4} was not accepted: /);
    expect(existsSync(w.secrets)).toBe(false);
    expect(existsSync(w.kubeconfig)).toBe(false);
  });

  it('a role the user may not assume is exit 5 and stores nothing', () => {
    const w = world();
    const run = runCliSync(['setup', 'acme.json', '--group', 'admins', '--from-env', '--yes'], {
      env: w.env,
      cwd: w.dir,
    });
    expect(run.status).toBe(5);
    expect(run.stderr).toContain(
      'eks-login: setup stored nothing: arn:aws:iam::123456789012:user/developer-mike cannot assume role/admins',
    );
    expect(existsSync(w.secrets)).toBe(false);
    expect(existsSync(w.kubeconfig)).toBe(false);
  });

  it('--source-profile uses an AWS profile and stores no secret', () => {
    const w = world();
    mkdirSync(join(w.home, '.aws'));
    writeFileSync(
      join(w.home, '.aws', 'credentials'),
      `[dev]\naws_access_key_id = ${w.mike.accessKeyId}\naws_secret_access_key = ${w.mike.secretAccessKey}\n`,
    );
    const env = { HOME: w.home, AWS_ENDPOINT_URL_STS: moto.endpoint, EKS_LOGIN_KEYRING: 'file' };
    const run = runCliSync(['setup', 'acme.json', '--group', 'developers', '--source-profile', 'dev', '--yes'], {
      env,
      cwd: w.dir,
    });
    expect(run.stderr).toContain('can assume role/developers');
    expect(run.status).toBe(0);
    expect(existsSync(w.secrets)).toBe(false);
    const record = JSON.parse(readFileSync(join(w.home, '.config', 'eks-login', 'bundles', 'acme.json'), 'utf8'));
    expect(record.source).toEqual({
      kind: 'profile',
      profile: 'dev',
      arn: 'arn:aws:iam::123456789012:user/developer-mike',
    });
  });

  it('two groups: a group added later reuses the stored key; logout --context removes that group only', () => {
    const w = world();
    const oliver = moto.users['admin-oliver']!;
    const env = { ...w.env, AWS_ACCESS_KEY_ID: oliver.accessKeyId, AWS_SECRET_ACCESS_KEY: oliver.secretAccessKey };
    expect(
      runCliSync(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], { env, cwd: w.dir }).status,
    ).toBe(0);
    const noKey = { HOME: w.home, AWS_ENDPOINT_URL_STS: moto.endpoint, EKS_LOGIN_KEYRING: 'file' };
    const added = runCliSync(['setup', 'acme.json', '--group', 'admins', '--yes'], { env: noKey, cwd: w.dir });
    expect(added.stderr).toContain('can assume role/developers, role/admins');
    expect(added.status).toBe(0);
    // kubectl runs the exec plugin even for `config` commands: its token processes must reach moto, not AWS.
    const kube = {
      ...process.env,
      HOME: w.home,
      KUBECONFIG: w.kubeconfig,
      AWS_ENDPOINT_URL_STS: moto.endpoint,
      EKS_LOGIN_KEYRING: 'file',
    };
    const contexts = () =>
      execFileSync('kubectl', ['config', 'get-contexts', '-o', 'name'], { env: kube, encoding: 'utf8' })
        .trim()
        .split('\n')
        .sort();
    expect(contexts()).toEqual(['admins@demo', 'admins@prod', 'developers@demo', 'developers@prod']);
    const out = runCliSync(['logout', '--context', 'admins@prod', '--remove-contexts'], { env: noKey, cwd: w.dir });
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(`kubeconfig ${w.kubeconfig}: removed admins@demo, admins@prod`);
    expect(out.stdout).toContain('setup record of bundle acme: group admins removed (still set up: developers)');
    expect(contexts()).toEqual(['developers@demo', 'developers@prod']);
    // A later re-run does not bring the group back.
    expect(runCliSync(['setup', 'acme.json', '--yes'], { env: noKey, cwd: w.dir }).status).toBe(0);
    expect(contexts()).toEqual(['developers@demo', 'developers@prod']);
  });

  it('a relative KUBECONFIG is recorded as an absolute path: logout from another directory finds it', () => {
    const w = world();
    mkdirSync(join(w.dir, 'kube'));
    const env = { ...w.env, KUBECONFIG: 'kube/config' };
    expect(
      runCliSync(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], { env, cwd: w.dir }).status,
    ).toBe(0);
    const record = JSON.parse(readFileSync(join(w.home, '.config', 'eks-login', 'bundles', 'acme.json'), 'utf8'));
    expect(record.kubeconfigPath).toBe(join(w.dir, 'kube', 'config'));
    expect(record.bundleSource).toBe(join(w.dir, 'acme.json'));
    const out = runCliSync(['logout', '--all', '--remove-contexts'], {
      env: { ...w.env, KUBECONFIG: join(w.dir, 'other') },
      cwd: w.home,
    });
    expect(out.stdout).toContain(
      `kubeconfig ${join(w.dir, 'kube', 'config')}: removed developers@demo, developers@prod`,
    );
  });
});
