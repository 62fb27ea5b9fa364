// A proxy that accepts the TCP connection and never answers CONNECT (issue: "hang through a silent HTTPS
// proxy"): every network path of eks-login, as a real process, ends with exit 6 within a bound, and the process
// exits by itself (the command's one signal destroys the tunnel socket the proxy agent opened).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialsHome, testBundle } from '../support/credentials-home.js';
import { runCli } from '../support/run-process.js';

const ROLE = 'arn:aws:iam::123456789012:role/developers';
let silent: Server;
const sockets = new Set<Socket>();
let proxyUrl: string;

beforeAll(async () => {
  silent = createServer((s) => {
    sockets.add(s);
    s.resume(); // reads the CONNECT request, never answers it
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => silent.close(() => r()));
});

/** The connect deadline is 5 s; the process must be gone well before the test runner would kill it. */
const BOUND_MS = 12_000;
/** doctor runs its network checks one after another, each under its own deadline, and then stops. */
const DOCTOR_BOUND_MS = 25_000;

async function timed(args: string[], env: Record<string, string>) {
  const started = Date.now();
  const run = await runCli(args, {
    env: { HTTPS_PROXY: proxyUrl, AWS_EC2_METADATA_DISABLED: 'true', ...env },
    timeoutMs: 30_000,
  });
  return { ...run, ms: Date.now() - started };
}

function expectBoundedFailure(
  run: { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number },
  names: RegExp,
) {
  expect(run.signal).toBeNull(); // exited by itself, not killed by the runner
  expect(run.status).toBe(6);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(names);
  expect(run.ms).toBeLessThan(BOUND_MS);
}

/** A kubeconfig whose current context runs `eks-login token` for the cluster demo at an unreachable API server. */
function writeContextKubeconfig(dir: string): string {
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: demo',
      '  cluster: {server: "https://api.eks-login.invalid"}',
      'users:',
      '- name: u',
      '  user:',
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      '      command: eks-login',
      `      args: [token, --cluster, demo, --region, eu-west-1, --role-arn, "${ROLE}"]`,
      'contexts:',
      '- name: developers@demo',
      '  context: {cluster: demo, user: u}',
      'current-context: developers@demo',
      '',
    ].join('\n'),
  );
  return kubeconfig;
}

describe('a proxy that never answers CONNECT (built CLI)', () => {
  it('token: STS through the proxy, exit 6 within the bound', async () => {
    const home = createCredentialsHome();
    const run = await timed(['token', '--cluster', 'demo', '--region', 'eu-west-1', '--role-arn', ROLE], {
      ...home.env,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      AWS_ENDPOINT_URL_STS: 'https://sts.eks-login.invalid',
    });
    expectBoundedFailure(run, /STS at https:\/\/sts\.eks-login\.invalid/);
  });

  it('token with an assume-role profile: the STS client of the AWS credential chain, exit 6 within the bound', async () => {
    const home = createCredentialsHome();
    const config = join(home.dir, 'aws-config');
    const credentials = join(home.dir, 'aws-credentials');
    writeFileSync(
      config,
      '[profile base]\nregion = eu-west-1\n\n[profile chained]\nrole_arn = arn:aws:iam::123456789012:role/base-role\nsource_profile = base\nregion = eu-west-1\n',
    );
    writeFileSync(
      credentials,
      '[base]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n',
    );
    const run = await timed(['token', '--cluster', 'demo', '--region', 'eu-west-1', '--role-arn', ROLE], {
      ...home.env,
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_PROFILE: 'chained',
      AWS_ENDPOINT_URL_STS: 'https://sts.eks-login.invalid',
    });
    expectBoundedFailure(run, /could not reach AWS|sts\.eks-login\.invalid/);
  });

  it('token with a stored key (a bundle set up): exit 6 within the bound', async () => {
    const home = createCredentialsHome();
    home.setUp(
      testBundle([{ name: 'developers', roleArn: ROLE }]),
      {
        name: 'mike',
        arn: 'arn:aws:iam::123456789012:user/mike',
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'secret',
      },
      'developers',
    );
    const run = await timed(
      [
        'token',
        '--cluster',
        'demo',
        '--region',
        'eu-west-1',
        '--role-arn',
        ROLE,
        '--bundle',
        'acme',
        '--group',
        'developers',
      ],
      {
        ...home.env,
        AWS_ENDPOINT_URL_STS: 'https://sts.eks-login.invalid',
      },
    );
    expectBoundedFailure(run, /STS at https:\/\/sts\.eks-login\.invalid/);
  });

  it('setup <https URL>: exit 6 naming the bundle host and the proxy, within the bound', async () => {
    const home = createCredentialsHome();
    const run = await timed(
      ['setup', 'https://bundles.eks-login.invalid/acme.json', '--group', 'developers', '--dry-run'],
      home.env,
    );
    expectBoundedFailure(
      run,
      /bundle host https:\/\/bundles\.eks-login\.invalid through the proxy http:\/\/127\.0\.0\.1:\d+ \(HTTPS_PROXY\)/,
    );
  });

  it('sync of a bundle set up from an https URL: exit 6 within the bound, nothing changed', async () => {
    const home = createCredentialsHome();
    home.setUp(
      testBundle([{ name: 'developers', roleArn: ROLE }]),
      {
        name: 'mike',
        arn: 'arn:aws:iam::123456789012:user/mike',
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'secret',
      },
      'developers',
    );
    const recordFile = join(home.configDir, 'bundles', 'acme.json');
    const record = readFileSync(recordFile, 'utf8');
    writeFileSync(
      recordFile,
      JSON.stringify({ ...JSON.parse(record), bundleSource: 'https://bundles.eks-login.invalid/acme.json' }),
    );
    const before = readFileSync(recordFile, 'utf8');
    const run = await timed(['sync'], home.env);
    expect(run.signal).toBeNull();
    expect(run.status).toBe(6);
    expect(run.stderr).toMatch(/bundles\.eks-login\.invalid/);
    expect(run.ms).toBeLessThan(BOUND_MS);
    expect(readFileSync(recordFile, 'utf8')).toBe(before);
  });

  it('whoami of a context: exit 6 within the bound', async () => {
    const home = createCredentialsHome();
    const kubeconfig = writeContextKubeconfig(home.dir);
    const run = await timed(['whoami'], {
      ...home.env,
      KUBECONFIG: kubeconfig,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      AWS_ENDPOINT_URL_STS: 'https://sts.eks-login.invalid',
    });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(6);
    expect(run.ms).toBeLessThan(BOUND_MS);
  });

  it('doctor of a context: exit 6 within the bound, never a hang', async () => {
    const home = createCredentialsHome();
    const kubeconfig = writeContextKubeconfig(home.dir);
    const run = await timed(['doctor'], {
      ...home.env,
      KUBECONFIG: kubeconfig,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      AWS_ENDPOINT_URL_STS: 'https://sts.eks-login.invalid',
    });
    expect(run.signal).toBeNull();
    expect(run.status).not.toBe(0);
    expect(run.stderr + run.stdout).toMatch(/sts\.eks-login\.invalid|proxy/);
    expect(run.ms).toBeLessThan(DOCTOR_BOUND_MS);
  });

  it('key rotate: IAM through the proxy, exit 6 within the bound, the stored key kept', async () => {
    const home = createCredentialsHome();
    home.setUp(
      testBundle([{ name: 'developers', roleArn: ROLE }]),
      {
        name: 'mike',
        arn: 'arn:aws:iam::123456789012:user/mike',
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'secret',
      },
      'developers',
    );
    const before = home.secrets()['access-key/acme'];
    const run = await timed(['key', 'rotate', '--bundle', 'acme'], {
      ...home.env,
      AWS_ENDPOINT_URL_IAM: 'https://iam.eks-login.invalid',
      AWS_ENDPOINT_URL_STS: 'https://sts.eks-login.invalid',
    });
    expectBoundedFailure(run, /iam\.eks-login\.invalid|IAM/);
    expect(home.secrets()['access-key/acme']).toBe(before);
  });

  it('token of an IAM Identity Center group with an expired sign-in: the refresh through the proxy is exit 6 within the bound', async () => {
    const home = createCredentialsHome();
    const startUrl = 'https://d-0000000000.awsapps.com/start';
    const bundle = testBundle([
      {
        name: 'sso-developers',
        sso: { startUrl, region: 'eu-west-1', accountId: '123456789012', roleName: 'EKSDevelopers' },
      },
    ]);
    mkdirSync(join(home.configDir, 'bundles'), { recursive: true, mode: 0o700 });
    writeFileSync(
      join(home.configDir, 'bundles', 'acme.json'),
      JSON.stringify({
        version: 1,
        bundle,
        group: 'sso-developers',
        groups: ['sso-developers'],
        source: { kind: 'sso', startUrl },
        kubeconfigPath: home.env.KUBECONFIG,
        contexts: ['sso-developers@demo'],
        setupAt: '2025-01-02T03:04:05Z',
      }),
    );
    const cacheDir = join(home.dir, '.aws', 'sso', 'cache');
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    writeFileSync(
      join(cacheDir, `${createHash('sha1').update(startUrl).digest('hex')}.json`),
      JSON.stringify({
        startUrl,
        region: 'eu-west-1',
        accessToken: 'expired-token',
        expiresAt: '2020-01-01T00:00:00Z',
        refreshToken: 'refresh-token',
        clientId: 'client',
        clientSecret: 'client-secret',
        registrationExpiresAt: later,
      }),
      { mode: 0o600 },
    );
    const run = await timed(
      ['token', '--cluster', 'demo', '--region', 'us-east-1', '--bundle', 'acme', '--group', 'sso-developers'],
      {
        ...home.env,
        AWS_ENDPOINT_URL_SSO_OIDC: 'https://oidc.eks-login.invalid',
        AWS_ENDPOINT_URL_SSO: 'https://portal.eks-login.invalid',
        AWS_ENDPOINT_URL_STS: 'https://sts.eks-login.invalid',
      },
    );
    expectBoundedFailure(run, /oidc\.eks-login\.invalid/);
  });
});
