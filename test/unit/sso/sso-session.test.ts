// The permission set's role session (obtainSsoSession) is the role sessions' cachedSession around
// GetRoleCredentials: concurrent callers cause one GetRoleCredentials, a cached session is listed for logout under
// the permission set's id, and the lock waits for a sign-in (11 minutes) only where one may run inside it.
import { beforeEach, describe, expect, it } from 'vitest';
import { obtainSsoSession, ssoRoleId, type SsoSessionRequest } from '../../../src/credentials/sso/sso-credentials.js';
import type { CredentialsDeps } from '../../../src/credentials/credentials-deps.js';
import type { Locker } from '../../../src/kernel/ports.js';
import type { SsoPortal, SsoToken } from '../../../src/kernel/sso-ports.js';
import { FixedClock, MemoryLocker, MemoryLogger, MemorySecretStore, memoryCredentials } from '../../support/fakes.js';

const SSO = {
  startUrl: 'https://acme.awsapps.com/start',
  region: 'eu-west-1',
  accountId: '123456789012',
  roleName: 'EksDevelopers',
};

let clock: FixedClock;
let store: MemorySecretStore;
let waits: Array<number | undefined>;
let listed: string[];
let portalCalls: string[];

beforeEach(() => {
  clock = new FixedClock('2026-12-08T10:00:00Z');
  store = new MemorySecretStore();
  waits = [];
  listed = [];
  portalCalls = [];
});

function deps(): CredentialsDeps {
  const lock = new MemoryLocker();
  const token: SsoToken = {
    startUrl: SSO.startUrl,
    region: SSO.region,
    accessToken: 'signed-in',
    expiresAt: new Date(clock.now().getTime() + 8 * 3600_000),
  };
  const portal: SsoPortal = {
    getRoleCredentials: async (accessToken, accountId, roleName) => {
      portalCalls.push(`${accessToken} ${accountId} ${roleName}`);
      await Promise.resolve();
      return {
        accessKeyId: `ASIASSO${portalCalls.length}`,
        secretAccessKey: 's',
        sessionToken: 't',
        expiration: new Date(clock.now().getTime() + 3600_000),
      };
    },
    logout: async () => undefined,
  };
  return {
    ...memoryCredentials(clock, new MemoryLogger(), { store }),
    locker: async (options): Promise<Locker> => (waits.push(options?.timeoutMs), lock),
    listing: async () => ({
      stored: async (account, roleArn, labels) => void listed.push(`${roleArn} ${labels.bundle}/${labels.group}`),
      remove: async () => undefined,
    }),
    ssoTokens: async () => ({
      pathOf: () => '/home/me/.aws/sso/cache/x.json',
      read: async () => token,
      write: async () => undefined,
      remove: async () => false,
    }),
    ssoPortal: async () => portal,
  };
}

const request = (over: Partial<SsoSessionRequest> = {}): SsoSessionRequest => ({
  sso: SSO,
  loginCommand: 'eks-login login sso-developers@demo',
  portalEndpoint: 'https://portal.sso.eu-west-1.amazonaws.com',
  bundle: 'acme',
  group: 'sso-developers',
  ...over,
});

describe('obtainSsoSession', () => {
  it('twenty concurrent callers cause one GetRoleCredentials; the session is cached and listed for logout', async () => {
    const d = deps();
    const results = await Promise.all(Array.from({ length: 20 }, () => obtainSsoSession(request(), d)));
    expect(portalCalls).toEqual(['signed-in 123456789012 EksDevelopers']);
    expect(results.filter((r) => !r.fromCache)).toHaveLength(1);
    expect(new Set(results.map((r) => r.credentials.accessKeyId))).toEqual(new Set(['ASIASSO1']));
    expect(store.entries.size).toBe(1);
    expect(listed[0]).toBe(`${ssoRoleId(SSO)} acme/sso-developers`);
    // A later call is a hit: no lock, no GetRoleCredentials.
    const locksBefore = waits.length;
    expect((await obtainSsoSession(request(), d)).fromCache).toBe(true);
    expect(waits).toHaveLength(locksBefore);
    // forceRefresh (login --force) fetches anew.
    expect(await obtainSsoSession(request({ forceRefresh: true }), d)).toMatchObject({
      fromCache: false,
      credentials: { accessKeyId: 'ASIASSO2' },
    });
  });

  it('waits up to 11 minutes for the lock when a sign-in may run inside it, else 60 s', async () => {
    await obtainSsoSession(request({ signIn: { flow: 'pkce', openBrowser: true } }), deps());
    expect(waits).toEqual([11 * 60_000]);
    store.entries.clear();
    waits = [];
    await obtainSsoSession(request(), deps());
    expect(waits).toEqual([60_000]);
  });

  it('keeps no session when a logout ran while it was fetched (as role sessions), and says so', async () => {
    const logger = new MemoryLogger();
    const removed: string[][] = [];
    const d: CredentialsDeps = {
      ...deps(),
      logger,
      listing: async () => ({
        stored: async () => undefined,
        remove: async (accounts) => void removed.push(accounts),
      }),
      loggedOutMeanwhile: async () => true,
    };
    const result = await obtainSsoSession(request(), d);
    expect(result.credentials.accessKeyId).toBe('ASIASSO1');
    expect(store.entries.size).toBe(0);
    expect(removed).toEqual([[result.account]]);
    expect(logger.warnings.join('\n')).toContain(
      'a logout ran while the role session of permission set EksDevelopers in 123456789012 was being fetched',
    );
  });
});
