// `eks-login token` as kubectl runs it: the built bin/eks-login in a real process, env credentials, a
// temp HOME/cache. Covers the cold and warm (cache-hit) paths, key parity between the fast path and the
// full CLI, and the error contract (one stderr message, exit code, nothing on stdout).
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTokenCache } from '../../src/token/cache/token-cache-writer.node.js';
import { planTokenRequest } from '../../src/token/token-request.js';
import { useExampleKeyHome } from '../support/example-key-home.js';
import { BIN, runCli } from '../support/run-process.js';
import { verifyToken } from '../support/verifier.js';

const fixture = useExampleKeyHome('eks-login-token-');

const args = ['token', '--cluster', 'demo', '--region', 'eu-west-1'];

function oneExecCredential(stdout: string) {
  const lines = stdout.split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toBe('');
  return JSON.parse(lines[0]!) as {
    apiVersion: string;
    kind: string;
    status: { token: string; expirationTimestamp: string };
  };
}

describe('eks-login token (process)', () => {
  it('cold mints, warm answers from the cache: exactly one JSON line each, nothing on stderr', async () => {
    const cold = await runCli(args, { env: fixture.env });
    expect(cold).toMatchObject({ status: 0, stderr: '' });
    const credential = oneExecCredential(cold.stdout);
    expect(credential).toMatchObject({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1' });
    expect(credential.status.token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    expect(credential.status.expirationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const warm = await runCli(args, { env: fixture.env });
    expect(warm).toMatchObject({ status: 0, stderr: '' });
    expect(warm.stdout).toBe(cold.stdout);
  });

  it('the fast path and the full CLI (--debug) find the same cache entry', async () => {
    const request = await planTokenRequest({
      flags: { cluster: 'demo', region: 'eu-west-1' },
      env: fixture.env,
      profileRegion: () => undefined,
    });
    await writeTokenCache(join(fixture.home, 'cache', 'eks-login'), request.cacheKey, {
      token: 'k8s-aws-v1.from-the-cache',
      expiration: new Date(Date.now() + 10 * 60_000),
    });
    const fast = await runCli(args, { env: fixture.env });
    expect(oneExecCredential(fast.stdout).status.token).toBe('k8s-aws-v1.from-the-cache');
    const full = await runCli([...args, '--debug'], { env: fixture.env });
    expect(oneExecCredential(full.stdout).status.token).toBe('k8s-aws-v1.from-the-cache');
    expect(full.stderr).toMatch(/token cache hit/);
    expect(full.stderr).not.toContain('from-the-cache');
    const bypass = await runCli([...args, '--no-cache'], { env: fixture.env });
    expect(oneExecCredential(bypass.stdout).status.token).not.toBe('k8s-aws-v1.from-the-cache');
  });

  it('a cached token signed more than 5 min in the future (clock was set ahead) is ignored and re-minted, by both paths', async () => {
    const request = await planTokenRequest({
      flags: { cluster: 'demo', region: 'eu-west-1' },
      env: fixture.env,
      profileRegion: () => undefined,
    });
    const amzDate = (date: Date) =>
      date
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    const tokenSignedAt = (date: Date) =>
      `k8s-aws-v1.${Buffer.from(`https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Date=${amzDate(date)}&X-Amz-Expires=60`).toString('base64url')}`;
    const cacheDir = join(fixture.home, 'cache', 'eks-login');
    const ahead = tokenSignedAt(new Date(Date.now() + 20 * 60_000));
    for (const argv of [args, [...args, '--debug']]) {
      await writeTokenCache(cacheDir, request.cacheKey, {
        token: ahead,
        expiration: new Date(Date.now() + 34 * 60_000),
      });
      const result = await runCli(argv, { env: fixture.env });
      expect(result.status).toBe(0);
      const token = oneExecCredential(result.stdout).status.token;
      expect(token).not.toBe(ahead);
      expect(
        verifyToken(token, {
          clusterId: 'demo',
          now: new Date(),
          secrets: { [fixture.env.AWS_ACCESS_KEY_ID!]: fixture.env.AWS_SECRET_ACCESS_KEY! },
        }).ok,
      ).toBe(true);
    }
    // A small skew (within 5 min) is still a hit.
    const nearlyNow = tokenSignedAt(new Date(Date.now() + 3 * 60_000));
    await writeTokenCache(cacheDir, request.cacheKey, {
      token: nearlyNow,
      expiration: new Date(Date.now() + 10 * 60_000),
    });
    expect(oneExecCredential((await runCli(args, { env: fixture.env })).stdout).status.token).toBe(nearlyNow);
  });

  describe('stdout that cannot take the result: one line on stderr, exit 1, no stack trace', () => {
    const run = (argv: string[], stdout: 'full' | 'closed-pipe') =>
      new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
        const out = stdout === 'full' ? openSync('/dev/full', 'w') : 'pipe';
        const child = spawn(process.execPath, [BIN, ...argv], {
          env: { PATH: process.env.PATH, ...fixture.env },
          stdio: ['ignore', out, 'pipe'],
        });
        if (typeof out === 'number') closeSync(out);
        child.stdout?.destroy(); // the reader went away before anything was written
        let stderr = '';
        child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (status) => resolve({ status, stderr }));
      });
    it.each([
      { name: 'cold (fast path mint)', argv: args, warm: false },
      { name: 'warm (cache hit)', argv: args, warm: true },
      { name: 'full CLI (--debug)', argv: [...args, '--debug'], warm: true },
    ])('$name', async ({ argv, warm }) => {
      if (warm) expect((await runCli(args, { env: fixture.env })).status).toBe(0);
      for (const target of ['full', 'closed-pipe'] as const) {
        const result = await run(argv, target);
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(
          /^(eks-login: debug: .*\n)*eks-login: cannot write the output to standard output: (ENOSPC|EPIPE) \(/,
        );
        expect(result.stderr).not.toMatch(/\n\s+at |internal error|node:events/);
      }
    });
  });

  it('echoes apiVersion v1 from KUBERNETES_EXEC_INFO and takes the region from the EKS endpoint', async () => {
    const info = {
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1',
      spec: { interactive: false, cluster: { server: 'https://ABCD.gr7.eu-west-2.eks.amazonaws.com' } },
    };
    const result = await runCli(['token', '--cluster', 'demo'], {
      env: { ...fixture.env, KUBERNETES_EXEC_INFO: JSON.stringify(info) },
    });
    expect(result.stderr).toBe('');
    const credential = oneExecCredential(result.stdout);
    expect(credential.apiVersion).toBe('client.authentication.k8s.io/v1');
    expect(atob(credential.status.token.slice(11).replace(/-/g, '+').replace(/_/g, '/'))).toMatch(
      /^https:\/\/sts\.eu-west-2\.amazonaws\.com\/\?/,
    );
  });

  it.each([
    {
      name: 'no region anywhere',
      argv: ['token', '--cluster', 'demo'],
      extra: {},
      status: 2,
      message: /no AWS region known[\s\S]*hint: .*--region/,
    },
    {
      name: 'exec apiVersion v1alpha1',
      argv: args,
      extra: { KUBERNETES_EXEC_INFO: '{"apiVersion":"client.authentication.k8s.io/v1alpha1","kind":"ExecCredential"}' },
      status: 2,
      message: /v1alpha1[\s\S]*hint: .*eks-login setup/,
    },
    {
      name: 'malformed KUBERNETES_EXEC_INFO',
      argv: args,
      extra: { KUBERNETES_EXEC_INFO: '{oops' },
      status: 3,
      message: /invalid KUBERNETES_EXEC_INFO/,
    },
    { name: 'missing --cluster', argv: ['token', '--region', 'eu-west-1'], extra: {}, status: 2, message: /cluster/ },
    {
      name: 'bad AWS_STS_REGIONAL_ENDPOINTS',
      argv: args,
      extra: { AWS_STS_REGIONAL_ENDPOINTS: 'maybe' },
      status: 3,
      message: /AWS_STS_REGIONAL_ENDPOINTS/,
    },
  ])('$name → exit $status: message on stderr, stdout empty', async ({ argv, extra, status, message }) => {
    const result = await runCli(argv, { env: { ...fixture.env, ...extra } });
    expect(result.status).toBe(status);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^eks-login: /);
    expect(result.stderr).toMatch(message);
  });

  it('signs with a profile through the AWS SDK chain (credential_process) and takes the profile region', async () => {
    const helper = join(fixture.home, 'creds.cjs');
    writeFileSync(
      helper,
      `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'AKIAPROFILE', SecretAccessKey: 'profile-secret' }))`,
    );
    writeFileSync(
      join(fixture.home, 'aws-config'),
      `[profile dev]\nregion = ap-southeast-2\ncredential_process = ${process.execPath} ${helper}\n`,
    );
    const { AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _s, ...noKeys } = fixture.env;
    const result = await runCli(['token', '--cluster', 'demo', '--source-profile', 'dev'], {
      env: { ...noKeys, AWS_CONFIG_FILE: join(fixture.home, 'aws-config') },
    });
    expect(result.stderr).toBe('');
    const url = atob(oneExecCredential(result.stdout).status.token.slice(11).replace(/-/g, '+').replace(/_/g, '/'));
    expect(url).toMatch(
      /^https:\/\/sts\.ap-southeast-2\.amazonaws\.com\/\?.*X-Amz-Credential=AKIAPROFILE%2F\d{8}%2Fap-southeast-2%2F/,
    );
    expect(
      verifyToken(oneExecCredential(result.stdout).status.token, {
        clusterId: 'demo',
        now: new Date(),
        secrets: { AKIAPROFILE: 'profile-secret' },
      }).ok,
    ).toBe(true);
  });

  it('environment keys that have already expired: exit 4 from the fast path, nothing cached', async () => {
    const result = await runCli(args, {
      env: {
        ...fixture.env,
        AWS_SESSION_TOKEN: 'tok',
        AWS_CREDENTIAL_EXPIRATION: new Date(Date.now() - 3600_000).toISOString(),
      },
    });
    expect(result.status).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^eks-login: credentials for demo expire at .*too soon[\s\S]*hint:/);
  });

  it('without credentials: exit 4 and a hint', async () => {
    const { AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _s, ...noCreds } = fixture.env;
    const result = await runCli(args, { env: noCreds });
    expect(result.status).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no AWS credentials[\s\S]*hint:/);
  });
});
