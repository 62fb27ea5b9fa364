// The file store (modes, atomic rewrite, concurrent writers) and the auto store's fallback rules.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutoSecretStore } from '../../src/infra/secrets/auto-secret-store.js';
import { createSecretStore, keyringMode } from '../../src/infra/secrets/create-secret-store.js';
import { FileSecretStore } from '../../src/infra/secrets/file-secret-store.js';
import { KEYCHAIN_LOCKED, KEYCHAIN_UNAVAILABLE } from '../../src/infra/secrets/keyring-secret-store.js';
import { StoreError } from '../../src/kernel/errors.js';
import { MemoryLogger, MemorySecretStore } from '../support/fakes.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eks-login-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('FileSecretStore', () => {
  it('keeps secrets in a 0600 file inside a 0700 directory', async () => {
    const file = join(dir, 'cfg', 'secrets.json');
    const store = new FileSecretStore(file);
    expect(await store.get('a')).toBeNull();
    await store.set('a', 'one');
    await store.set('b', 'two');
    expect(await store.get('a')).toBe('one');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'cfg')).mode & 0o777).toBe(0o700);
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ b: 'two' });
  });

  it('loses no update when many writers race', async () => {
    const file = join(dir, 'secrets.json');
    await Promise.all(Array.from({ length: 15 }, (_, i) => new FileSecretStore(file).set(`k${i}`, `v${i}`)));
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toHaveLength(15);
  });

  it('names the file when it is not JSON', async () => {
    const file = join(dir, 'secrets.json');
    writeFileSync(file, 'garbage');
    await expect(new FileSecretStore(file).get('a')).rejects.toThrow(new RegExp(`${file}.*not a JSON object`));
  });
});

describe('AutoSecretStore', () => {
  const unavailable = new StoreError('no usable Secret Service (no bus)', { code: KEYCHAIN_UNAVAILABLE });

  it('uses the keychain when it works and keeps no file copy', async () => {
    const system = new MemorySecretStore();
    const file = new MemorySecretStore();
    file.entries.set('a', 'old');
    const logger = new MemoryLogger();
    const store = new AutoSecretStore(system, file, logger);
    await store.set('a', 'new');
    expect(system.entries.get('a')).toBe('new');
    expect(file.entries.has('a')).toBe(false);
    expect(logger.warnings).toEqual([]);
  });

  it('falls back to the file once, with one warning, for unavailable or locked keychains', async () => {
    for (const failure of [unavailable, new StoreError('locked', { code: KEYCHAIN_LOCKED })]) {
      const system = new MemorySecretStore();
      system.failWith = failure;
      const file = new MemorySecretStore();
      const logger = new MemoryLogger();
      const store = new AutoSecretStore(system, file, logger);
      await store.set('a', '1');
      await store.set('b', '2');
      expect(await store.get('a')).toBe('1');
      expect(file.entries.size).toBe(2);
      expect(system.calls).toHaveLength(1);
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toContain(failure.message);
      expect(store.backend).toBe('memory');
      expect(store.note).toBe(failure.message);
    }
  });

  it('reads through to the file for secrets stored while the keychain was unusable', async () => {
    const file = new MemorySecretStore();
    file.entries.set('access-key/acme', 'k');
    expect(await new AutoSecretStore(new MemorySecretStore(), file, new MemoryLogger()).get('access-key/acme')).toBe(
      'k',
    );
  });

  it('does not swallow other keychain failures', async () => {
    const system = new MemorySecretStore();
    system.failWith = new StoreError('boom', { code: 'KEYCHAIN_FAILED' });
    await expect(new AutoSecretStore(system, new MemorySecretStore(), new MemoryLogger()).get('a')).rejects.toThrow(
      'boom',
    );
  });
});

describe('EKS_LOGIN_KEYRING', () => {
  it('accepts auto, system and file and rejects anything else with exit 3', () => {
    expect(keyringMode({})).toBe('auto');
    expect(keyringMode({ EKS_LOGIN_KEYRING: 'FILE' })).toBe('file');
    expect(() => keyringMode({ EKS_LOGIN_KEYRING: 'kwallet' })).toThrow(expect.objectContaining({ exitCode: 3 }));
    const store = createSecretStore({
      env: { EKS_LOGIN_KEYRING: 'file' },
      secretsFile: join(dir, 's.json'),
      logger: new MemoryLogger(),
    });
    expect(store.backend).toBe('file');
  });
});
