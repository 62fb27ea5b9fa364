// logout picks the role sessions and tokens of its targets (or everything) and never more.
import { describe, expect, it } from 'vitest';
import { logout, type LogoutDeps } from '../../../src/session/logout.js';
import type { IndexedRoleSession } from '../../../src/credentials/role-session/cache-entry.js';
import type { CachedTokenFile } from '../../../src/token/cache/cache-entry.js';
import { execArg, targetOfContext, targetOfRecord } from '../../../src/session/targets.js';
import type { SetupRecord } from '../../../src/record/setup-record.js';
import { MemorySecretStore } from '../../support/fakes.js';
import { testBundle } from '../../support/credentials-home.js';

const DEV = 'arn:aws:iam::123456789012:role/developers';
const ADM = 'arn:aws:iam::123456789012:role/admins';
const record: SetupRecord = {
  version: 1,
  bundle: testBundle([
    { name: 'developers', roleArn: DEV, clusters: ['demo'] },
    { name: 'admins', roleArn: ADM },
  ]),
  group: 'developers',
  groups: ['developers'],
  source: {
    kind: 'keychain',
    accessKeyId: 'AKIAMIKE',
    userArn: 'arn:aws:iam::123456789012:user/developer-mike',
    userName: 'developer-mike',
  },
  kubeconfigPath: '/k',
  contexts: ['developers@demo'],
  setupAt: '2025-01-02T03:04:05Z',
};

function ports(
  sessions: IndexedRoleSession[],
  tokens: CachedTokenFile[],
  store: MemorySecretStore,
): LogoutDeps & { removedTokens: string[] } {
  const removedTokens: string[] = [];
  return {
    removedTokens,
    store: async () => store,
    roleSessions: {
      list: async () => sessions,
      remove: async (accounts) =>
        void sessions.splice(0, sessions.length, ...sessions.filter((s) => !accounts.includes(s.account))),
    },
    tokens: { list: async () => tokens, remove: async (file) => void removedTokens.push(file) },
    setupBundles: async () => ['acme'],
  };
}

describe('logout', () => {
  const sessions = (): IndexedRoleSession[] => [
    { account: 'role-session/a', roleArn: DEV, bundle: 'acme', group: 'developers', expiration: '' },
    { account: 'role-session/b', roleArn: ADM, bundle: 'acme', group: 'admins', expiration: '' },
  ];
  const tokens: CachedTokenFile[] = [
    { file: 't-dev-demo', clusterId: 'demo', roleArn: DEV },
    { file: 't-dev-prod', clusterId: 'prod', roleArn: DEV },
    { file: 't-adm-demo', clusterId: 'demo', roleArn: ADM },
    { file: 't-norole', clusterId: 'demo' },
  ];

  it('for one context: only its group session and the tokens of its clusters and role', async () => {
    const store = new MemorySecretStore();
    for (const a of ['role-session/a', 'role-session/b', 'access-key/acme']) store.entries.set(a, 'x');
    const p = ports(sessions(), tokens, store);
    const result = await logout([targetOfRecord(record)], false, p);
    expect(result).toEqual({ roleSessions: 1, tokens: 1, forgottenKeys: [], tempFiles: 0 });
    expect([...store.entries.keys()]).toEqual(['role-session/b', 'access-key/acme']);
    expect(p.removedTokens).toEqual(['t-dev-demo']);
  });

  it('--all --forget-keys: everything, including the stored access keys', async () => {
    const store = new MemorySecretStore();
    for (const a of ['role-session/a', 'role-session/b', 'access-key/acme']) store.entries.set(a, 'x');
    const p = ports(sessions(), tokens, store);
    expect(await logout(undefined, true, p)).toEqual({
      roleSessions: 2,
      tokens: 4,
      forgottenKeys: ['acme'],
      tempFiles: 0,
    });
    expect(store.entries.size).toBe(0);
  });

  it('a locked keychain (store fell back to the file): fails with exit 7 and keeps the sessions indexed for the next logout', async () => {
    const keychain = new MemorySecretStore();
    for (const a of ['role-session/a', 'role-session/b', 'access-key/acme']) keychain.entries.set(a, 'x');
    // What AutoSecretStore does when the keychain is locked: deletes only in the (empty) file, and says why.
    const fallback = {
      backend: 'file' as const,
      location: 'secrets.json',
      note: 'the keychain is locked',
      get: async () => null,
      set: async () => undefined,
      delete: async () => false,
    };
    const indexed = sessions();
    const p = { ...ports(indexed, tokens, keychain), store: async () => fallback };
    await expect(logout(undefined, true, p)).rejects.toMatchObject({
      exitCode: 7,
      code: 'LOGOUT_INCOMPLETE',
      message: expect.stringMatching(
        /could not remove 2 role session\(s\) and any access key stored for bundle acme from the keychain \(the keychain is locked\)/,
      ),
      hint: expect.stringMatching(/unlock the keychain .* run the same logout again/),
    });
    expect(indexed.map((s) => s.account)).toEqual(['role-session/a', 'role-session/b']);
    expect(p.removedTokens).toHaveLength(4);
    // Unlocked again, the same logout finds and removes them.
    expect(await logout(undefined, true, ports(indexed, [], keychain))).toEqual({
      roleSessions: 2,
      tokens: 0,
      forgottenKeys: ['acme'],
      tempFiles: 0,
    });
    expect(keychain.entries.size).toBe(0);
  });

  it('needs no keychain when there is nothing to delete from it', async () => {
    const store = new MemorySecretStore();
    store.failWith = new Error('keychain must not be touched');
    await expect(logout(undefined, false, ports([], tokens, store))).resolves.toMatchObject({ tokens: 4 });
  });
});

describe('session targets', () => {
  it('reads bundle and group from the exec args of a context', () => {
    expect(execArg(['token', '--bundle', 'acme', '--group=admins'], 'group')).toBe('admins');
    const target = targetOfContext('admins@demo', ['token', '--bundle', 'acme', '--group', 'admins'], () => record);
    expect(target.group.name).toBe('admins');
    expect(target.clusters.map((c) => c.name)).toEqual(['demo', 'prod']);
  });

  it('refuses contexts eks-login did not write, naming them', () => {
    expect(() => targetOfContext('other', ['eks', 'get-token'], () => record)).toThrow(
      /context other was not written by `eks-login setup`/,
    );
    expect(() => targetOfContext('x', ['token', '--bundle', 'gone'], () => undefined)).toThrow(/no setup record/);
  });
});
