// The keychain check names the store that actually answered: an automatic store picks keychain or
// file only on its first use, so the label must be read after the lookup.
import { describe, expect, it } from 'vitest';
import { AutoSecretStore } from '../../../src/infra/secrets/auto-secret-store.js';
import { KEYCHAIN_UNAVAILABLE } from '../../../src/infra/secrets/keyring-secret-store.js';
import { checkKeychain } from '../../../src/diagnose/doctor/checks-local.js';
import type { SetupRecord } from '../../../src/record/setup-record.js';
import { StoreError } from '../../../src/kernel/errors.js';
import type { SecretStore } from '../../../src/kernel/ports.js';
import { MemoryLogger, MemorySecretStore } from '../../support/fakes.js';

const record = {
  version: 1,
  bundle: { apiVersion: 'eks-login/v1', kind: 'Bundle', name: 'acme', clusters: [], groups: [] },
  group: 'developers',
  groups: ['developers'],
  source: {
    kind: 'keychain',
    accessKeyId: 'AKIAEXAMPLEKEY1234',
    userArn: 'arn:aws:iam::123456789012:user/mike',
    userName: 'mike',
  },
  kubeconfigPath: 'kubeconfig',
  contexts: [],
  setupAt: '2025-01-01T00:00:00Z',
} satisfies SetupRecord;

const noKeychain: SecretStore = {
  backend: 'system',
  location: 'Secret Service',
  get: () => Promise.reject(new StoreError('no usable Secret Service', { code: KEYCHAIN_UNAVAILABLE })),
  set: () => Promise.reject(new StoreError('no usable Secret Service', { code: KEYCHAIN_UNAVAILABLE })),
  delete: () => Promise.reject(new StoreError('no usable Secret Service', { code: KEYCHAIN_UNAVAILABLE })),
};

describe(checkKeychain.name, () => {
  it('reports the file store when the automatic store falls back on its first lookup', async () => {
    const file = Object.assign(new MemorySecretStore(), {
      backend: 'file',
      location: '/home/mike/.config/eks-login/secrets.json',
    });
    file.entries.set('access-key/acme', '{"accessKeyId":"AKIAEXAMPLEKEY1234","secretAccessKey":"s"}');
    const result = await checkKeychain(record, new AutoSecretStore(noKeychain, file, new MemoryLogger()));
    expect(result.status).toBe('ok');
    expect(result.detail).not.toContain('system keychain');
    expect(result.detail).toContain('no usable Secret Service');
    expect(result.detail).toContain('…1234');
    expect(result.detail).toMatch(/^file store \(/);
  });

  it('names the file store when the key is there from an earlier setup without a keychain, although a keychain works now', async () => {
    const file = Object.assign(new MemorySecretStore(), {
      backend: 'file',
      location: '/home/mike/.config/eks-login/secrets.json',
    });
    file.entries.set('access-key/acme', '{"accessKeyId":"AKIAEXAMPLEKEY1234","secretAccessKey":"s"}');
    const keychain = new MemorySecretStore();
    Object.assign(keychain, { backend: 'system', location: 'Secret Service' });
    const result = await checkKeychain(record, new AutoSecretStore(keychain, file, new MemoryLogger()));
    expect(result.status).toBe('ok');
    expect(result.detail).toMatch(
      /^file store \(.*, mode 0600\); stored there by a setup that ran without a usable keychain/,
    );
    expect(result.detail).not.toContain('system keychain');
  });
});
