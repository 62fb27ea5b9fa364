// The fast path's argv reader (understands only what it fully handles) and the signing-source plan.
import { describe, expect, it } from 'vitest';
import { planSigningSource } from '../../../src/credentials/signing-source.js';
import type { SetupRecord } from '../../../src/record/setup-record.js';
import { readTokenArgv } from '../../../src/token/token-argv.js';

describe(readTokenArgv.name, () => {
  it('reads the setup-written exec args, in both --flag value and --flag=value forms', () => {
    const argv = [
      'token',
      '--cluster',
      'demo',
      '--cluster-id=id-1',
      '--region',
      'eu-west-1',
      '--role-arn',
      'arn:aws:iam::123456789012:role/dev',
      '--bundle',
      'acme',
      '--group=developers',
      '--source-profile',
      'p',
      '--no-cache',
    ];
    expect(readTokenArgv(argv)).toEqual({
      cluster: 'demo',
      clusterId: 'id-1',
      region: 'eu-west-1',
      roleArn: 'arn:aws:iam::123456789012:role/dev',
      bundle: 'acme',
      group: 'developers',
      sourceProfile: 'p',
      noCache: true,
    });
  });

  it.each([
    [['whoami']],
    [['token']],
    [['token', '--cluster', 'demo', '--help']],
    [['token', '--cluster', 'demo', '--debug']],
    [['token', '--cluster', 'demo', '--decode', 'x']],
    [['token', '--cluster', 'demo', '--cluster', 'other']],
    [['token', '--cluster']],
    [['token', '--cluster', '--region', 'eu-west-1']],
    [['token', '--cluster', 'demo', 'extra']],
    [['token', '-h']],
  ])('leaves %j to the full CLI', (argv) => {
    expect(readTokenArgv(argv)).toBeUndefined();
  });
});

describe(planSigningSource.name, () => {
  const keys = { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 's' };
  const record = (source: SetupRecord['source']) =>
    ({ version: 1, bundle: { name: 'acme' }, source }) as unknown as SetupRecord;

  it.each([
    [
      'the key stored by setup (keychain) wins',
      {
        sourceProfile: 'dev',
        record: record({ kind: 'keychain', accessKeyId: 'AKIAKEY', userArn: 'a', userName: 'mike' }),
        env: keys,
      },
      'keychain:acme:AKIAKEY',
    ],
    [
      '--source-profile comes next',
      {
        sourceProfile: 'dev',
        record: record({ kind: 'profile', profile: 'corp' }),
        env: { ...keys, AWS_PROFILE: 'x' },
      },
      'profile:dev',
    ],
    ['the setup record (profile)', { record: record({ kind: 'profile', profile: 'corp' }), env: keys }, 'profile:corp'],
    ['AWS_PROFILE beats environment keys (as the SDK does)', { env: { ...keys, AWS_PROFILE: 'x' } }, 'profile:x'],
    ['environment keys', { env: keys }, 'env:AKIAENV'],
    ['otherwise the default chain', { env: {} }, 'profile:default'],
    ['config file locations are part of the identity', { env: { AWS_CONFIG_FILE: '/c' } }, 'profile:default@/c|'],
  ])('%s', (_name, inputs, key) => {
    const plan = planSigningSource(inputs);
    expect(plan.key).toBe(key);
    expect(plan.key).not.toContain('s3cret');
  });

  it('says which sources were skipped and why', () => {
    const plan = planSigningSource({
      sourceProfile: 'dev',
      record: record({ kind: 'keychain', accessKeyId: 'AKIAKEY', userArn: 'a', userName: 'mike' }),
      env: { ...keys, AWS_PROFILE: 'x' },
    });
    expect(plan.skipped).toEqual([
      '--source-profile dev not used (setup record of bundle acme: access key stored by setup (keychain, else the 0600 file) comes first)',
      'AWS_PROFILE=x not used (setup record of bundle acme: access key stored by setup (keychain, else the 0600 file) comes first)',
      'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment not used (setup record of bundle acme: access key stored by setup (keychain, else the 0600 file) comes first)',
    ]);
    expect(planSigningSource({ env: keys }).skipped).toEqual([
      'no setup record (--bundle absent or never set up): no stored access key',
    ]);
  });
});
