// The signing-source precedence is one ordered table: the chooser and the --debug explanation both read
// it, so reordering or adding a row changes both at once.
import { describe, expect, it } from 'vitest';
import { planSigningSource, SIGNING_SOURCES, type SigningSourceRow } from '../../../src/credentials/signing-source.js';
import { resolveSigningCredentials } from '../../../src/credentials/resolve-signing-credentials.js';
import { FixedClock, MemoryLogger, memoryCredentials } from '../../support/fakes.js';

const keys = { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 's', AWS_PROFILE: 'dev' };

describe('SIGNING_SOURCES', () => {
  it('lists the sources in precedence order: sso, stored key, --source-profile, record profile, AWS_PROFILE, env keys, default chain', () => {
    expect(SIGNING_SOURCES.map((row) => row.kind)).toEqual([
      'sso',
      'keychain',
      'profile',
      'profile',
      'profile',
      'env',
      'profile',
    ]);
    expect(planSigningSource({ env: keys }).reason).toBe('AWS_PROFILE=dev');
  });

  it('a table with environment keys moved above AWS_PROFILE: the choice and the explanation both follow it', () => {
    const envRow = SIGNING_SOURCES.findIndex((row) => row.kind === 'env');
    const table = [...SIGNING_SOURCES];
    const [row] = table.splice(envRow, 1);
    table.splice(envRow - 1, 0, row!);
    const plan = planSigningSource({ env: keys }, table);
    expect(plan.key).toBe('env:AKIAENV');
    expect(plan.skipped).toEqual([
      'no setup record (--bundle absent or never set up): no stored access key',
      'AWS_PROFILE=dev not used (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment comes first)',
    ]);
  });

  it('a new source is one row and one adapter of its kind', async () => {
    // A row of its own placed first (it reuses the keychain kind, so the adapter it needs is the keychain one).
    const vault: SigningSourceRow = {
      kind: 'keychain',
      plan: ({ env }) =>
        env.VAULT_KEY_ID
          ? {
              source: { kind: 'keychain', bundle: 'vault', accessKeyId: env.VAULT_KEY_ID, userName: 'v' },
              key: `vault:${env.VAULT_KEY_ID}`,
              regionProfile: 'default',
              reason: 'the vault key',
            }
          : undefined,
      skippedAs: () => 'the vault key',
    };
    const table = [vault, ...SIGNING_SOURCES];
    const plan = planSigningSource({ env: { ...keys, VAULT_KEY_ID: 'AKIAVAULT' } }, table);
    expect(plan.key).toBe('vault:AKIAVAULT');
    expect(plan.skipped).toContain('AWS_PROFILE=dev not used (the vault key comes first)');
    // Absent, the row changes nothing.
    expect(planSigningSource({ env: keys }, table)).toEqual(planSigningSource({ env: keys }));
    const fetched: string[] = [];
    const signing = await resolveSigningCredentials(plan, undefined, {
      ...memoryCredentials(new FixedClock('2026-01-02T03:04:05Z'), new MemoryLogger()),
      sources: {
        keychain: async (source) => (
          fetched.push(source.accessKeyId),
          { accessKeyId: source.accessKeyId, secretAccessKey: 'x' }
        ),
      },
    });
    expect(fetched).toEqual(['AKIAVAULT']);
    expect(signing).toMatchObject({ sourceKey: 'vault:AKIAVAULT', description: 'the vault key' });
  });

  it('a kind without an adapter is exit 4 naming the source', async () => {
    const plan = planSigningSource({ env: { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 's' } });
    const deps = memoryCredentials(new FixedClock('2026-01-02T03:04:05Z'), new MemoryLogger());
    await expect(resolveSigningCredentials(plan, undefined, deps)).rejects.toMatchObject({
      exitCode: 4,
      message: expect.stringContaining('this build has no env credential source'),
    });
  });
});
