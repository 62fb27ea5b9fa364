// Reading the access key setup stored: a missing key says where eks-login looked, and when a fallback
// store is in use (keychain locked or unreachable) points at the keychain first instead of only "re-run setup".
import { describe, expect, it } from 'vitest';
import { readStoredAccessKey, serializeAccessKey } from '../../../src/record/access-key-secret.js';
import type { SecretStore } from '../../../src/kernel/ports.js';
import { MemorySecretStore } from '../../support/fakes.js';

describe('readStoredAccessKey', () => {
  it('returns the stored key and refuses one the setup record does not name', async () => {
    const store = new MemorySecretStore();
    store.entries.set(
      'access-key/acme',
      serializeAccessKey({ accessKeyId: 'AKIAEXAMPLE00001234', secretAccessKey: 's' }),
    );
    expect(await readStoredAccessKey(store, 'acme', 'AKIAEXAMPLE00001234')).toEqual({
      accessKeyId: 'AKIAEXAMPLE00001234',
      secretAccessKey: 's',
    });
    await expect(readStoredAccessKey(store, 'acme', 'AKIAEXAMPLE00009999')).rejects.toMatchObject({
      exitCode: 4,
      code: 'ACCESS_KEY_MISMATCH',
    });
  });

  it('a missing key in the store setup used: exit 4, re-run setup', async () => {
    await expect(readStoredAccessKey(new MemorySecretStore(), 'acme')).rejects.toMatchObject({
      exitCode: 4,
      code: 'ACCESS_KEY_MISSING',
      hint: expect.stringMatching(/^re-run `eks-login setup <bundle.json>` for bundle acme/),
    });
  });

  it('a missing key while the keychain is locked: says to unlock it before re-running setup', async () => {
    const fallback: SecretStore = {
      backend: 'file',
      location: '/home/u/.config/eks-login/secrets.json',
      note: 'cannot read access-key/acme in the Secret Service: the keychain is locked',
      get: async () => null,
      set: async () => undefined,
      delete: async () => false,
    };
    const error = await readStoredAccessKey(fallback, 'acme').catch((e: unknown) => e);
    expect(error).toMatchObject({
      exitCode: 4,
      code: 'ACCESS_KEY_MISSING',
      message: expect.stringMatching(/secrets\.json \(.*the keychain is locked\)/),
    });
    expect((error as { hint: string }).hint).toMatch(
      /^if setup stored the key in your keychain, unlock it .* and retry; otherwise re-run `eks-login setup/,
    );
  });
});
