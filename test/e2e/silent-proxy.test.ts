// A proxy that accepts the TCP connection and never answers CONNECT (issue: "hang through a silent HTTPS
// proxy"): every network path of eks-login, as a real process, ends with exit 6 within a bound, and the process
// exits by itself (the command's one signal destroys the tunnel socket the proxy agent opened).
import { readFileSync, writeFileSync } from 'node:fs';
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
    const kubeconfig = join(home.dir, 'kubeconfig');
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
});
