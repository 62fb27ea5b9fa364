// Windows Credential Manager takes at most 2,560 bytes per value (1,280 UTF-16 units). This measures the
// largest value eks-login writes, a cached role session with an STS session token, and proves the split
// store keeps every value under the cap and reads back exactly what was written.
import { describe, expect, it } from 'vitest';
import { SplitSecretStore } from '../../../src/infra/secrets/split-secret-store.js';
import { roleSessionKey, serializeRoleSession } from '../../../src/credentials/role-session/cache-entry.js';
import { serializeAccessKey } from '../../../src/record/access-key-secret.js';
import { platformOf, WINDOWS_CREDENTIAL_BLOB_BYTES } from '../../../src/kernel/platform.js';
import { MemorySecretStore } from '../../support/fakes.js';

const LIMIT = platformOf('win32').keychainValueLimit!;

/** Credential Manager as @napi-rs/keyring meets it: a UTF-16 blob over 2,560 bytes is refused. */
class CappedStore extends MemorySecretStore {
  override async set(account: string, secret: string): Promise<void> {
    if (secret.length * 2 > WINDOWS_CREDENTIAL_BLOB_BYTES)
      throw new Error(`${account}: ${secret.length * 2} bytes is over the credential blob limit`);
    await super.set(account, secret);
  }
}

// STS session tokens have no documented maximum; AssumeRole with a source identity and an MFA context gives
// ~900–1,100 characters, sessions with tags more. 1,600 is a generous assumption for the largest.
const sessionToken = 'IQoJb3JpZ2luX2VjE'.padEnd(1600, 'A');
const key = roleSessionKey({
  sourceKey: 'keychain:acme-production-platform:AKIAIOSFODNN7EXAMPLE',
  roleArn: 'arn:aws:iam::123456789012:role/eks-login/acme-production-platform/platform-administrators',
  externalId: 'acme-6f1c2d9e-external-id',
  stsUrl: 'https://sts.eu-west-1.amazonaws.com',
});
const blob = serializeRoleSession(key, {
  credentials: {
    accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    sessionToken,
    expiration: new Date('2026-12-07T23:00:00Z'),
  },
  assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/platform-administrators/eks-login-jane.doe@example.com',
  sourceArn: 'arn:aws:iam::123456789012:user/jane.doe@example.com',
});

describe('values eks-login writes to the keychain', () => {
  it('a role session is over the Windows cap; an access key is far below it', () => {
    // Measured: 2,191 UTF-16 units (4,382 bytes) with the 1,600-character token; 1,391 with an 800-character one.
    expect(blob.length).toBe(2191);
    expect(blob.length).toBeGreaterThan(LIMIT);
    expect(blob.length).toBeLessThan(2 * LIMIT);
    expect(
      serializeAccessKey({
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      }).length,
    ).toBeLessThan(200);
  });

  it('the split store writes it in parts under the cap and reads back the same text', async () => {
    const keychain = new CappedStore();
    await expect(keychain.set('role-session/x', blob)).rejects.toThrow(/over the credential blob limit/);
    const store = new SplitSecretStore(keychain, LIMIT);
    await store.set('role-session/x', blob);
    expect([...keychain.entries.keys()].sort()).toEqual(['role-session/x', 'role-session/x#1', 'role-session/x#2']);
    expect(keychain.entries.get('role-session/x')).toBe('eks-login-split-v1:2');
    expect(await store.get('role-session/x')).toBe(blob);
  });

  it('a smaller value replaces a split one and leaves no parts behind; delete removes every part', async () => {
    const keychain = new CappedStore();
    const store = new SplitSecretStore(keychain, LIMIT);
    await store.set('a', blob);
    await store.set('a', '{"small":true}');
    expect([...keychain.entries.keys()]).toEqual(['a']);
    expect(await store.get('a')).toBe('{"small":true}');
    await store.set('b', blob);
    expect(await store.delete('b')).toBe(true);
    expect(keychain.entries.size).toBe(1);
  });

  it('a part gone missing is a miss (the session is fetched again), never a truncated secret', async () => {
    const keychain = new CappedStore();
    const store = new SplitSecretStore(keychain, LIMIT);
    await store.set('a', blob);
    keychain.entries.delete('a#2');
    expect(await store.get('a')).toBeNull();
  });
});
