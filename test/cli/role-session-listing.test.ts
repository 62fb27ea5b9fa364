// Listing role sessions for logout is one piece of code for both kinds of session: a new listing drops the
// sessions that expired by the injected clock, and their secrets leave the store with them (an IAM Identity
// Center session used to drop them from the index only, leaving secrets no logout could find).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { credentialsDeps } from '../../src/credentials/wire.js';
import { ssoRoleId } from '../../src/credentials/sso/sso-credentials.js';
import { createTestContext, FixedClock, MemorySecretStore } from '../support/fakes.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();
const SSO = {
  startUrl: 'https://acme.awsapps.com/start',
  region: 'eu-west-1',
  accountId: '123456789012',
  roleName: 'EksDevelopers',
};

function world() {
  const dir = tempDir();
  const store = new MemorySecretStore();
  const ctx = createTestContext({
    env: { HOME: dir },
    cwd: dir,
    clock: new FixedClock('2026-01-02T03:04:05Z'),
    secretStore: async () => store,
  });
  mkdirSync(ctx.paths.cacheDir, { recursive: true });
  const listed = [
    // Expired by the test's clock: dropped, secret deleted.
    {
      account: 'role-session/expired',
      roleArn: 'arn:aws:iam::123456789012:role/developers',
      expiration: '2026-01-01T00:00:00.000Z',
    },
    // Valid by the test's clock (though not by the wall clock): kept, secret kept.
    {
      account: 'role-session/valid',
      roleArn: 'arn:aws:iam::123456789012:role/admins',
      expiration: '2026-06-01T00:00:00.000Z',
    },
  ];
  writeFileSync(`${ctx.paths.cacheDir}/role-sessions.json`, JSON.stringify(listed));
  store.entries.set('role-session/expired', 'old secret');
  store.entries.set('role-session/valid', 'valid secret');
  const index = () =>
    (JSON.parse(readFileSync(`${ctx.paths.cacheDir}/role-sessions.json`, 'utf8')) as Array<{ account: string }>).map(
      (e) => e.account,
    );
  return { ctx, store, index };
}

describe('role session listing', () => {
  it('an IAM Identity Center session: listed with the injected clock; an expired one leaves the index and the store', async () => {
    const { ctx, store, index } = world();
    const listing = await credentialsDeps(ctx).listing!();
    const session = {
      credentials: {
        accessKeyId: 'ASIASSO',
        secretAccessKey: 's',
        sessionToken: 't',
        expiration: new Date('2026-01-02T04:04:05Z'),
      },
      assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_EksDevelopers/mike',
    };
    await listing.stored(
      'role-session/sso',
      ssoRoleId(SSO),
      { bundle: 'acme', group: 'sso' },
      session.credentials.expiration,
    );
    expect(index().sort()).toEqual(['role-session/sso', 'role-session/valid']);
    expect(store.entries.has('role-session/expired')).toBe(false);
    expect(store.entries.get('role-session/valid')).toBe('valid secret');
  });
});
