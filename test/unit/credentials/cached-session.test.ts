// The wrappers both kinds of role session are made of (credentials/cached-session.ts), with fakes: `cachedSession`
// reads the cache, takes the lock, reads again, fetches once and writes; concurrent callers fetch once; an expired
// or nearly expired entry is fetched again; a failed fetch writes nothing. `withLock` runs a provider under a lock.
import { beforeEach, describe, expect, it } from 'vitest';
import { cachedSession, withLock, type SessionSlot } from '../../../src/credentials/cached-session.js';
import type { CredentialsDeps } from '../../../src/credentials/credentials-deps.js';
import {
  parseRoleSession,
  roleSessionAccount,
  roleSessionKey,
  type CachedRoleSession,
} from '../../../src/credentials/role-session/cache-entry.js';
import { NetworkError, StoreError } from '../../../src/kernel/errors.js';
import { FixedClock, MemoryLocker, MemoryLogger, MemorySecretStore, memoryCredentials } from '../../support/fakes.js';

const KEY = roleSessionKey({
  sourceKey: 'keychain:acme:AKIAMIKE',
  roleArn: 'arn:aws:iam::123456789012:role/developers',
  stsUrl: 'https://sts.eu-west-1.amazonaws.com',
});
const ACCOUNT = roleSessionAccount(KEY);
const HOUR = 60 * 60 * 1000;

let clock: FixedClock;
let store: MemorySecretStore;
let lock: MemoryLocker;
let logger: MemoryLogger;
let listed: string[];
let loggedOut: boolean;
let fetches: number;

beforeEach(() => {
  clock = new FixedClock('2026-12-08T10:00:00Z');
  store = new MemorySecretStore();
  lock = new MemoryLocker();
  logger = new MemoryLogger();
  listed = [];
  loggedOut = false;
  fetches = 0;
});

function deps(): CredentialsDeps {
  return {
    ...memoryCredentials(clock, logger, { store, lock }),
    listing: async () => ({
      stored: async (account, roleArn, labels, expiration) =>
        void listed.push(`${account} ${roleArn} ${labels.bundle}/${labels.group} ${expiration.toISOString()}`),
      remove: async (accounts) => void listed.push(...accounts.map((a) => `removed ${a}`)),
    }),
    loggedOutMeanwhile: async () => loggedOut,
  };
}

const slot = (over: Partial<SessionSlot> = {}): SessionSlot => ({
  key: KEY,
  listedAs: { roleArn: 'arn:aws:iam::123456789012:role/developers', bundle: 'acme', group: 'developers' },
  words: {
    fromCache: (until, location) => `from the cache (${location}) until ${until.toISOString()}`,
    unreadable: (why) => `unreadable: ${why}`,
    fetchedMeanwhile: 'fetched by another process',
    notCached: (why, location) => `not cached in ${location}: ${why}`,
    notListed: (why) => `not listed: ${why}`,
    loggedOut: 'logged out meanwhile',
  },
  ...over,
});

/** A session valid for `ms` from now, numbered by fetch. */
const session = (ms = HOUR): CachedRoleSession => ({
  credentials: {
    accessKeyId: `ASIA${++fetches}`,
    secretAccessKey: 's',
    sessionToken: 't',
    expiration: new Date(clock.now().getTime() + ms),
  },
  assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/developers/mike',
});

describe('cachedSession', () => {
  it('reads the cache, takes the lock, reads again, fetches once and writes; then serves the cache without the lock', async () => {
    const provider = cachedSession(slot(), deps(), async () => session());
    const first = await provider({ refresh: false });
    expect(first).toMatchObject({ fromCache: false, account: ACCOUNT, credentials: { accessKeyId: 'ASIA1' } });
    expect(store.calls).toEqual([`get ${ACCOUNT}`, `get ${ACCOUNT}`, `set ${ACCOUNT}`]);
    expect(lock.acquired).toEqual([ACCOUNT]);
    expect(parseRoleSession(store.entries.get(ACCOUNT)!, KEY)?.credentials.accessKeyId).toBe('ASIA1');
    expect(listed).toEqual([
      `${ACCOUNT} arn:aws:iam::123456789012:role/developers acme/developers 2026-12-08T11:00:00.000Z`,
    ]);

    const second = await provider({ refresh: false });
    expect(second).toMatchObject({ fromCache: true, account: ACCOUNT, credentials: { accessKeyId: 'ASIA1' } });
    expect(fetches).toBe(1);
    expect(lock.acquired).toHaveLength(1);
    // Listed again on a hit, so a lost index heals.
    expect(listed).toHaveLength(2);
    expect(logger.debugLines).toContain('from the cache (memory) until 2026-12-08T11:00:00.000Z');
  });

  it('concurrent callers fetch once: the others find the session when they get the lock', async () => {
    const provider = cachedSession(slot(), deps(), async () => session());
    const results = await Promise.all(Array.from({ length: 20 }, () => provider({ refresh: false })));
    expect(fetches).toBe(1);
    expect(results.filter((r) => !r.fromCache)).toHaveLength(1);
    expect(new Set(results.map((r) => r.credentials.accessKeyId))).toEqual(new Set(['ASIA1']));
    expect(logger.debugLines.filter((l) => l === 'fetched by another process')).toHaveLength(19);
  });

  it('fetches again when the entry is within 15 minutes of expiry, or would not outlive what it signs', async () => {
    const provider = cachedSession(slot(), deps(), async () => session());
    await provider({ refresh: false });
    clock.advance(44 * 60 * 1000); // 16 minutes left
    expect((await provider({ refresh: false })).fromCache).toBe(true);
    clock.advance(2 * 60 * 1000); // 14 minutes left
    expect(await provider({ refresh: false })).toMatchObject({
      fromCache: false,
      credentials: { accessKeyId: 'ASIA2' },
    });
    const outliving = cachedSession(
      slot({ mustOutlive: new Date(clock.now().getTime() + 2 * HOUR) }),
      deps(),
      async () => session(3 * HOUR),
    );
    expect(await outliving({ refresh: false })).toMatchObject({
      fromCache: false,
      credentials: { accessKeyId: 'ASIA3' },
    });
    clock.advance(4 * HOUR); // the stored entry has expired
    expect(await provider({ refresh: false })).toMatchObject({
      fromCache: false,
      credentials: { accessKeyId: 'ASIA4' },
    });
  });

  it('a failed fetch writes nothing and keeps what was cached', async () => {
    const failing = cachedSession(slot(), deps(), async () => Promise.reject(new NetworkError('STS unreachable')));
    await expect(failing({ refresh: false })).rejects.toBeInstanceOf(NetworkError);
    expect(store.entries.size).toBe(0);
    expect(store.calls.filter((c) => !c.startsWith('get'))).toEqual([]);
    expect(listed).toEqual([]);

    await cachedSession(slot(), deps(), async () => session())({ refresh: false });
    const kept = store.entries.get(ACCOUNT);
    await expect(failing({ refresh: true })).rejects.toBeInstanceOf(NetworkError);
    expect(store.entries.get(ACCOUNT)).toBe(kept);
  });

  it('`refresh` skips the cached session and replaces it', async () => {
    const provider = cachedSession(slot(), deps(), async () => session());
    await provider({ refresh: false });
    const again = await provider({ refresh: true });
    expect(again).toMatchObject({ fromCache: false, credentials: { accessKeyId: 'ASIA2' } });
    expect(parseRoleSession(store.entries.get(ACCOUNT)!, KEY)?.credentials.accessKeyId).toBe('ASIA2');
  });

  it('an entry the slot does not accept is fetched again', async () => {
    await cachedSession(slot(), deps(), async () => session())({ refresh: false });
    const picky = cachedSession(slot({ accepts: (c) => c.sourceIdentity !== undefined }), deps(), async () => ({
      ...session(),
      sourceIdentity: 'mike',
    }));
    expect(await picky({ refresh: false })).toMatchObject({ fromCache: false, sourceIdentity: 'mike' });
  });

  it('an unreadable cache is a miss, an unwritable one a warning: the fetched session is still returned', async () => {
    store.failWith = new StoreError('keychain broke');
    const out = await cachedSession(slot(), deps(), async () => session())({ refresh: false });
    expect(out).toMatchObject({ fromCache: false, credentials: { accessKeyId: 'ASIA1' } });
    expect(logger.debugLines).toContain('unreadable: keychain broke');
    expect(logger.warnings).toEqual(['not cached in memory: keychain broke']);
    expect(listed).toEqual([]);
  });

  it('a session stored while a logout ran is deleted and unlisted again; without words for it, it is kept', async () => {
    loggedOut = true;
    const out = await cachedSession(slot(), deps(), async () => session())({ refresh: false });
    expect(out.fromCache).toBe(false);
    expect(store.entries.size).toBe(0);
    expect(listed.at(-1)).toBe(`removed ${ACCOUNT}`);
    expect(logger.warnings).toEqual(['logged out meanwhile']);

    const { loggedOut: _, ...words } = slot().words;
    await cachedSession(slot({ words }), deps(), async () => session())({ refresh: false });
    expect(store.entries.has(ACCOUNT)).toBe(true);
  });
});

describe('withLock', () => {
  it('runs the provider holding the named lock, one caller at a time', async () => {
    const events: string[] = [];
    let n = 0;
    const provider = withLock(
      async () => lock,
      'sso-token-x',
      async ({ refresh }) => {
        const me = ++n;
        events.push(`start ${me} ${refresh}`);
        await Promise.resolve();
        events.push(`end ${me}`);
        return me;
      },
    );
    expect(await Promise.all([provider({ refresh: false }), provider({ refresh: true })])).toEqual([1, 2]);
    expect(events).toEqual(['start 1 false', 'end 1', 'start 2 true', 'end 2']);
    expect(lock.acquired).toEqual(['sso-token-x', 'sso-token-x']);
  });
});
