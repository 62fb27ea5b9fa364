// `eks-login token` through run() with the spellings of aws eks get-token and aws-iam-authenticator token:
// at the golden vector's fixed time and key, the ExecCredential holds aws-cli's own golden token and its
// 14-minute expiry, byte for byte. A session name is sent as RoleSessionName, and refused for a group whose
// role binds the session to the IAM user (the identity binding's one check).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import type { Bundle } from '../../src/record/bundle-types.js';
import { GOLDEN_TOKEN } from '../fixtures/golden-token.js';
import { sampleBundle } from '../support/bundles.js';
import { createTestContext } from '../support/fakes.js';
import { useTempDirs } from '../support/temp-dir.js';
import { DEVELOPERS_ROLE, setUpMachine } from './machine.js';

const tempDir = useTempDirs();
const KEY = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe("token with other tools' spellings (in-process)", () => {
  it.each([
    ['aws eks get-token', ['--region', 'eu-west-1', '--cluster-name', 'demo', '--output', 'json']],
    ['aws eks get-token, -o', ['--cluster-name', 'demo', '--region', 'eu-west-1', '-o', 'json']],
    ['aws-iam-authenticator token', ['-i', 'demo', '--region', 'eu-west-1']],
    ['aws-iam-authenticator token, long form', ['--cluster-id', 'demo', '--region', 'eu-west-1']],
  ])("%s: aws-cli's golden token and expiry, byte for byte", async (_name, flags) => {
    const dir = tempDir();
    const ctx = createTestContext({
      env: { HOME: dir, AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), ...KEY },
    });
    expect(await run(['token', ...flags], ctx)).toBe(0);
    expect(ctx.stderr.text).toBe('');
    expect(JSON.parse(ctx.stdout.text)).toEqual({
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      spec: {},
      status: { expirationTimestamp: '2025-01-02T03:18:05Z', token: GOLDEN_TOKEN },
    });
  });

  it('-r and -s: the role is assumed with that session name, and the token is cached apart from the default name', async () => {
    const w = await setUpMachine(tempDir());
    const base = [
      'token',
      '-i',
      'demo',
      '--region',
      'eu-west-1',
      '-r',
      DEVELOPERS_ROLE,
      '--bundle',
      'acme',
      '--group',
      'developers',
    ];
    expect(await run([...base, '-s', 'mike-laptop'], w.ctx)).toBe(0);
    expect(w.sts.assumeRoleRequests.map((r) => r.roleSessionName)).toEqual(['mike-laptop']);
    expect(await run(base, w.ctx)).toBe(0);
    expect(w.sts.assumeRoleRequests.map((r) => r.roleSessionName)).toEqual(['mike-laptop', 'developer-mike']);
  });

  it('--session-name for a group bound to the IAM user: exit 2 before any cache or STS, naming the group', async () => {
    const bundle = sampleBundle() as Bundle;
    bundle.groups[0]!.sourceIdentity = true;
    const w = await setUpMachine(tempDir(), { bundle });
    for (const spelling of [
      ['-s', 'admin-oliver'],
      ['--session-name', 'admin-oliver'],
    ]) {
      w.ctx.stderr.text = '';
      expect(
        await run(
          [
            'token',
            '--cluster-name',
            'demo',
            '--region',
            'eu-west-1',
            '--role',
            DEVELOPERS_ROLE,
            '--bundle',
            'acme',
            '--group',
            'developers',
            ...spelling,
          ],
          w.ctx,
        ),
      ).toBe(2);
      expect(w.ctx.stdout.text).toBe('');
      expect(w.ctx.stderr.text).toContain('admin-oliver cannot be used with group developers');
    }
    expect(w.sts.calls).toEqual([]);
  });

  it('an invalid session name is exit 2 naming the rule', async () => {
    const w = await setUpMachine(tempDir());
    expect(
      await run(
        ['token', '--cluster', 'demo', '--region', 'eu-west-1', '--role-arn', DEVELOPERS_ROLE, '-s', 'has space'],
        w.ctx,
      ),
    ).toBe(2);
    expect(w.ctx.stderr.text).toContain('invalid --session-name "has space"');
  });
});
