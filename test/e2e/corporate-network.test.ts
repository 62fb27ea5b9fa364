// eks-login on a corporate network, as real processes: a logging forward proxy on loopback is the only way
// to the STS names (`.invalid` and AWS host names resolve nowhere else), an HTTPS STS whose CA is only in
// an AWS_CA_BUNDLE file, FIPS / dual-stack hosts, the same switches as profile settings, a silent STS (hard
// deadline, a waiter on the lock gets the same answer) and a captive portal answering 200 with HTML.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { sampleBundle } from '../support/bundles.js';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy.js';
import { runCli } from '../support/run-process.js';
import { startStsStub, type StsStub } from '../support/sts-stub.js';
import { makeTestTls, type TestTls } from '../support/test-tls.js';
import { hasOpenssl } from '../support/tools.js';
import { until } from '../support/wait-for.js';

const ok = hasOpenssl();
const ROLE = 'arn:aws:iam::123456789012:role/developers';
const HOSTS = [
  'bundles.eks-login.invalid',
  'sts.eks-login.invalid',
  'sts.eu-west-1.amazonaws.com',
  'sts-fips.us-east-1.amazonaws.com',
  'sts.us-east-1.api.aws',
  'sts-fips.us-east-1.api.aws',
];

let tls: TestTls;
let sts: StsStub;
let httpSts: StsStub;
let portal: StsStub;
let silent: TcpServer;
let bundleHost: HttpsServer;
const silentSockets = new Set<Socket>();
let proxy: ForwardProxy;
let dir: string;
let caFile: string;
let home: string;

beforeAll(async () => {
  if (!ok) return;
  tls = makeTestTls({ dnsNames: [...HOSTS, 'portal.eks-login.invalid', 'silent.eks-login.invalid'] });
  dir = mkdtempSync(join(tmpdir(), 'eks-login-corp-'));
  caFile = join(dir, 'corporate-ca.pem');
  writeFileSync(caFile, tls.caPem);
  [sts, httpSts, portal] = await Promise.all([
    startStsStub({ tls }),
    startStsStub(),
    startStsStub({ tls, mode: 'html' }),
  ]);
  silent = createTcpServer((s) => {
    silentSockets.add(s);
    s.resume();
    s.on('close', () => silentSockets.delete(s));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  bundleHost = createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(sampleBundle())),
  );
  await new Promise<void>((r) => bundleHost.listen(0, '127.0.0.1', r));
  const routes: Record<string, string> = {
    'sts.internal.invalid:4566': `127.0.0.1:${httpSts.port}`,
    'portal.eks-login.invalid:443': `127.0.0.1:${portal.port}`,
    'silent.eks-login.invalid:443': `127.0.0.1:${(silent.address() as AddressInfo).port}`,
  };
  for (const host of HOSTS) routes[`${host}:443`] = `127.0.0.1:${sts.port}`;
  routes['bundles.eks-login.invalid:443'] = `127.0.0.1:${(bundleHost.address() as AddressInfo).port}`;
  proxy = await startForwardProxy(routes);
});
afterAll(async () => {
  if (!ok) return;
  for (const s of silentSockets) s.destroy();
  await Promise.all([
    sts.close(),
    httpSts.close(),
    portal.close(),
    proxy.close(),
    new Promise<void>((r) => silent.close(() => r())),
    new Promise<void>((r) => bundleHost.close(() => r())),
  ]);
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  if (!ok) return;
  home = mkdtempSync(join(dir, 'home-'));
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOME: home,
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_CONFIG_HOME: join(home, 'config'),
    AWS_CONFIG_FILE: join(home, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-aws-credentials'),
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    AWS_EC2_METADATA_DISABLED: 'true',
    EKS_LOGIN_KEYRING: 'file',
    ...extra,
  };
}

const token = (region: string) => ['token', '--cluster', 'demo', '--region', region, '--role-arn', ROLE];

function tokenHost(stdout: string): string {
  const t = (JSON.parse(stdout) as { status: { token: string } }).status.token.slice('k8s-aws-v1.'.length);
  return new URL(Buffer.from(t, 'base64url').toString('utf8')).host;
}

describe.skipIf(!ok)('corporate network (built CLI)', () => {
  it('HTTPS_PROXY: AssumeRole tunnels with CONNECT to an STS only the proxy resolves, trusting the AWS_CA_BUNDLE CA', async () => {
    const before = sts.hits.length;
    const run = await runCli(token('eu-west-1'), {
      env: env({
        HTTPS_PROXY: proxy.url,
        AWS_CA_BUNDLE: caFile,
        AWS_ENDPOINT_URL_STS: 'https://sts.eks-login.invalid',
      }),
    });
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(tokenHost(run.stdout)).toBe('sts.eks-login.invalid');
    expect(sts.hits.slice(before).map((h) => `${h.host} ${h.action}`)).toContain('sts.eks-login.invalid AssumeRole');
    expect(proxy.log).toContainEqual({ kind: 'CONNECT', target: 'sts.eks-login.invalid:443' });
  });

  it('without AWS_CA_BUNDLE the proxied STS certificate is untrusted: exit 6 naming STS', async () => {
    const run = await runCli(token('eu-west-1'), {
      env: env({ https_proxy: proxy.url, AWS_ENDPOINT_URL_STS: 'https://sts.eks-login.invalid' }),
    });
    expect(run.status).toBe(6);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('https://sts.eks-login.invalid');
  });

  it('NO_PROXY sends STS directly, to a loopback port nothing listens on: exit 6, fast, the proxy never asked', async () => {
    const started = Date.now();
    const before = proxy.log.length;
    const run = await runCli(token('eu-west-1'), {
      env: env({
        HTTPS_PROXY: proxy.url,
        NO_PROXY: '127.0.0.1',
        AWS_CA_BUNDLE: caFile,
        AWS_ENDPOINT_URL_STS: 'https://127.0.0.1:1',
      }),
    });
    expect(run.status).toBe(6);
    expect(run.stderr).toContain('https://127.0.0.1:1');
    expect(proxy.log.slice(before)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it.each(['HTTP_PROXY', 'http_proxy'])(
    '%s: an http STS is reached in absolute form through the proxy',
    async (variable) => {
      const before = proxy.log.length;
      const run = await runCli(token('eu-west-1'), {
        env: env({ [variable]: proxy.url, AWS_ENDPOINT_URL_STS: 'http://sts.internal.invalid:4566' }),
      });
      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(proxy.log.slice(before)).toContainEqual({ kind: 'FORWARD', target: 'http://sts.internal.invalid:4566/' });
      expect(tokenHost(run.stdout)).toBe('sts.internal.invalid:4566');
    },
  );

  it.each<{ vars: Record<string, string>; host: string }>([
    { vars: { AWS_USE_FIPS_ENDPOINT: 'true' }, host: 'sts-fips.us-east-1.amazonaws.com' },
    { vars: { AWS_USE_DUALSTACK_ENDPOINT: 'true' }, host: 'sts.us-east-1.api.aws' },
    { vars: { AWS_USE_FIPS_ENDPOINT: 'true', AWS_USE_DUALSTACK_ENDPOINT: 'true' }, host: 'sts-fips.us-east-1.api.aws' },
  ])('$vars: AssumeRole reaches $host, the token names the same host', async ({ vars, host }) => {
    const before = sts.hits.length;
    const run = await runCli(token('us-east-1'), {
      env: env({ HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: caFile, ...vars }),
    });
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(
      sts.hits
        .slice(before)
        .filter((h) => h.action === 'AssumeRole')
        .map((h) => h.host),
    ).toEqual([host]);
    expect(tokenHost(run.stdout)).toBe(host);
  });

  it('profile settings count like the variables: use_fips_endpoint and ca_bundle of the active profile; --debug names them; the warm path finds the token', async () => {
    writeFileSync(join(home, 'aws-config'), `[profile corp]\nuse_fips_endpoint = true\nca_bundle = ${caFile}\n`);
    const vars = env({ HTTPS_PROXY: proxy.url, AWS_PROFILE: 'corp' });
    // AWS_PROFILE makes the SDK chain sign: give the profile the example key.
    writeFileSync(
      join(home, 'no-aws-credentials'),
      '[corp]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n',
    );
    const cold = await runCli([...token('us-east-1'), '--debug'], { env: vars });
    expect(cold.status).toBe(0);
    expect(tokenHost(cold.stdout)).toBe('sts-fips.us-east-1.amazonaws.com');
    expect(cold.stderr).toContain('FIPS: use_fips_endpoint in profile corp');
    expect(cold.stderr).toContain(
      `http: POST https://sts-fips.us-east-1.amazonaws.com/ through the proxy ${proxy.url} (HTTPS_PROXY)`,
    );
    const warm = await runCli(token('us-east-1'), { env: { ...vars, HTTPS_PROXY: 'http://127.0.0.1:1' } });
    expect(warm).toMatchObject({ status: 0, stderr: '' });
    expect(warm.stdout).toBe(
      cold.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .join('\n') + '\n',
    );
  });

  it('endpoint_url of sts in the profile services section moves STS (and the token host)', async () => {
    writeFileSync(
      join(home, 'aws-config'),
      `[default]\nservices = local\n\n[services local]\nsts =\n  endpoint_url = http://sts.internal.invalid:4566\n`,
    );
    const run = await runCli(token('eu-west-1'), { env: env({ HTTP_PROXY: proxy.url }) });
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(tokenHost(run.stdout)).toBe('sts.internal.invalid:4566');
  });

  it('a silent STS: token exits 6 naming the endpoint within 25 s, and a second token waiting on the lock gets the same answer', async () => {
    const vars = env({
      HTTPS_PROXY: proxy.url,
      AWS_CA_BUNDLE: caFile,
      AWS_ENDPOINT_URL_STS: 'https://silent.eks-login.invalid',
    });
    const started = Date.now();
    const first = runCli(token('eu-west-1'), { env: vars });
    const locks = join(home, 'cache', 'eks-login', 'locks');
    expect(await until(() => existsSync(locks) && readdirSync(locks).some((n) => n.endsWith('.lock')), 10_000)).toBe(
      true,
    ); // first holds the role-session lock
    const second = runCli(token('eu-west-1'), { env: vars });
    const [a, b] = await Promise.all([first, second]);
    expect(Date.now() - started).toBeLessThan(25_000);
    for (const run of [a, b]) {
      expect(run.status).toBe(6);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        /^eks-login: STS at https:\/\/silent\.eks-login\.invalid\/ did not answer .* within 10 s/,
      );
      expect(run.stderr).not.toMatch(/delete/);
    }
  }, 40_000);

  it('an assume-role profile: the STS client the AWS credential chain builds itself goes through the proxy with the CA bundle too', async () => {
    writeFileSync(
      join(home, 'aws-config'),
      `[profile base]\nregion = eu-west-1\n\n[profile chained]\nrole_arn = arn:aws:iam::123456789012:role/base-role\nsource_profile = base\nregion = eu-west-1\n`,
    );
    writeFileSync(
      join(home, 'no-aws-credentials'),
      '[base]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n',
    );
    const before = sts.hits.length;
    const run = await runCli(token('eu-west-1'), {
      env: env({
        HTTPS_PROXY: proxy.url,
        AWS_CA_BUNDLE: caFile,
        AWS_ENDPOINT_URL_STS: 'https://sts.eks-login.invalid',
        AWS_PROFILE: 'chained',
      }),
    });
    expect(run).toMatchObject({ status: 0, stderr: '' });
    // First the chain's own AssumeRole of the profile's role, then eks-login's group role: both through the proxy.
    expect(sts.hits.slice(before).filter((h) => h.action === 'AssumeRole')).toHaveLength(2);
    // When the chain cannot reach its STS (nothing listens there): a network failure (exit 6), not "no credentials" (4).
    const fresh = { XDG_CACHE_HOME: join(home, 'cache2'), XDG_CONFIG_HOME: join(home, 'config2') };
    const direct = await runCli(token('eu-west-1'), {
      env: env({
        AWS_CA_BUNDLE: caFile,
        AWS_ENDPOINT_URL_STS: 'https://127.0.0.1:1',
        AWS_PROFILE: 'chained',
        ...fresh,
      }),
    });
    expect(direct.status).toBe(6);
    expect(direct.stderr).toContain('the AWS credential chain for profile chained could not reach AWS');
  });

  it('setup reads an https bundle through HTTPS_PROXY, trusting the AWS_CA_BUNDLE CA', async () => {
    const before = proxy.log.length;
    const run = await runCli(
      ['setup', 'https://bundles.eks-login.invalid/acme.json', '--group', 'developers', '--dry-run'],
      { env: env({ HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: caFile, KUBECONFIG: join(home, 'kubeconfig') }) },
    );
    expect(run.stderr).not.toMatch(/cannot reach|certificate/);
    expect(run.status).toBe(0);
    expect(proxy.log.slice(before)).toContainEqual({ kind: 'CONNECT', target: 'bundles.eks-login.invalid:443' });
    // The proxy is the only way to that name: a proxy port nothing listens on is exit 6.
    const closed = await runCli(
      ['setup', 'https://bundles.eks-login.invalid/acme.json', '--group', 'developers', '--dry-run'],
      { env: env({ HTTPS_PROXY: 'http://127.0.0.1:1', AWS_CA_BUNDLE: caFile, KUBECONFIG: join(home, 'kubeconfig') }) },
    );
    expect(closed.status).toBe(6);
  });

  it('setup against a silent STS exits 6 naming the endpoint within 25 s and stores nothing', async () => {
    const bundlePath = join(home, 'acme.json');
    writeFileSync(bundlePath, JSON.stringify(sampleBundle()));
    const started = Date.now();
    const run = await runCli(['setup', bundlePath, '--group', 'developers', '--from-env', '--yes'], {
      env: env({
        HTTPS_PROXY: proxy.url,
        AWS_CA_BUNDLE: caFile,
        AWS_ENDPOINT_URL_STS: 'https://silent.eks-login.invalid',
        KUBECONFIG: join(home, 'kubeconfig'),
      }),
    });
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(run.status).toBe(6);
    expect(run.stderr).toContain('https://silent.eks-login.invalid');
    expect(existsSync(join(home, 'kubeconfig'))).toBe(false);
    expect(existsSync(join(home, 'config', 'eks-login', 'secrets.json'))).toBe(false);
  }, 40_000);

  it('STS answering 200 with an HTML page (a captive portal) is exit 6 naming the endpoint', async () => {
    const run = await runCli(token('eu-west-1'), {
      env: env({
        HTTPS_PROXY: proxy.url,
        AWS_CA_BUNDLE: caFile,
        AWS_ENDPOINT_URL_STS: 'https://portal.eks-login.invalid',
      }),
    });
    expect(run.status).toBe(6);
    expect(run.stderr).toMatch(
      /^eks-login: STS answered something that is not STS: https:\/\/portal\.eks-login\.invalid\/ answered/,
    );
  });
});

describe.skipIf(!ok)('whoami and doctor with an http STS (built CLI)', () => {
  const user = { username: 'mike', groups: ['developers', 'system:authenticated'] };
  let api: Awaited<ReturnType<typeof import('../support/fake-kube-api.js').startFakeKubeApi>>;

  beforeAll(async () => {
    if (!ok) return;
    const { startFakeKubeApi } = await import('../support/fake-kube-api.js');
    // Any eks-login token maps to mike: the fake API does not verify tokens (STS is checked by the probe).
    const users = new Proxy(
      {},
      { get: (_t, key) => (typeof key === 'string' && key.startsWith('k8s-aws-v1.') ? user : undefined) },
    );
    api = await startFakeKubeApi({ tls, users });
    proxy.routes.set(`kube.eks-login.invalid:443`, api.server.replace('https://', ''));
  });
  afterAll(async () => {
    if (ok) await api.stop();
  });

  function machine(extra: Record<string, string> = {}): Record<string, string> {
    const kubeconfig = join(home, 'kubeconfig');
    const doc = {
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'dev@demo',
      // The API server's name resolves only through the cluster's proxy-url (HTTPS_PROXY is not set).
      clusters: [
        {
          name: 'demo',
          cluster: {
            server: 'https://localhost:443',
            'certificate-authority-data': Buffer.from(tls.caPem).toString('base64'),
            'proxy-url': proxy.url,
          },
        },
      ],
      users: [
        {
          name: 'dev',
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1beta1',
              command: join(import.meta.dirname, '..', '..', 'bin', 'eks-login'),
              args: token('eu-west-1'),
              interactiveMode: 'IfAvailable',
            },
          },
        },
      ],
      contexts: [{ name: 'dev@demo', context: { cluster: 'demo', user: 'dev' } }],
    };
    writeFileSync(kubeconfig, JSON.stringify(doc));
    return env({ KUBECONFIG: kubeconfig, AWS_ENDPOINT_URL_STS: httpSts.url, ...extra });
  }

  beforeEach(() => {
    if (ok) proxy.routes.set('localhost:443', api.server.replace('https://', ''));
  });

  it('whoami replays the token at the http STS and asks the cluster through its proxy-url', async () => {
    const before = httpSts.hits.length;
    const run = await runCli(['whoami', '-o', 'json'], { env: machine() });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { aws?: { arn?: string } };
    expect(JSON.stringify(report)).toContain('arn:aws:iam::123456789012:user/mike');
    expect(httpSts.hits.slice(before).map((h) => `${h.method} ${h.action}`)).toContain('GET GetCallerIdentity');
    expect(proxy.log).toContainEqual({ kind: 'CONNECT', target: 'localhost:443' });
  });

  it('doctor with an http STS: every probe runs, the clock probe reads the http STS Date header', async () => {
    const run = await runCli(['doctor'], { env: machine() });
    expect(run.stderr).not.toContain('internal error');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`✔ clock in step with STS\n    in step with ${httpSts.url}/`);
    expect(run.stdout).toContain('✔ token accepted by the cluster');
  });

  it('doctor through HTTPS_PROXY with an https STS whose CA is in AWS_CA_BUNDLE: the clock probe goes through the proxy', async () => {
    const before = proxy.log.length;
    const run = await runCli(['doctor'], {
      env: machine({
        HTTPS_PROXY: proxy.url,
        AWS_CA_BUNDLE: caFile,
        AWS_ENDPOINT_URL_STS: 'https://sts.eks-login.invalid',
      }),
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('✔ clock in step with STS\n    in step with https://sts.eks-login.invalid/');
    expect(
      proxy.log.slice(before).filter((e) => e.target === 'sts.eks-login.invalid:443').length,
    ).toBeGreaterThanOrEqual(2);
  });
});
