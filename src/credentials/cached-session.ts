// The two wrappers every cached credential shares. `withLock` runs a provider under a cross-process lock;
// `cachedSession` serves a session from the role-session cache while it is usable, else fetches it
// single-flight: cache → lock → re-read → fetch once → cache (→ listed for logout). Both kinds of role session
// are this wrapper around their own fetch: a group role (credentials/role-session/obtain-role-session.ts,
// AssumeRole) and an IAM Identity Center permission set (credentials/sso/sso-credentials.ts,
// GetRoleCredentials). Twenty kubectl processes on a cold cache thus cause one fetch. Pure.
import type { Locker } from '../kernel/ports.js';
import type { CredentialProvider, CredentialsDeps } from './credentials-deps.js';
import {
  isUsable,
  parseRoleSession,
  roleSessionAccount,
  serializeRoleSession,
  type CachedRoleSession,
} from './role-session/cache-entry.js';

/** The provider, run while holding the lock `name` (others wait for it, then run in turn). */
export function withLock<T>(
  locker: () => Promise<Locker>,
  name: string,
  provider: CredentialProvider<T>,
): CredentialProvider<T> {
  return async (options) => (await locker()).withLock(name, () => provider(options));
}

export interface SessionResult extends CachedRoleSession {
  fromCache: boolean;
  /** The secret-store account the session is cached under. */
  account: string;
}

/** What each kind of session says at each step, in its own words (debug lines and warnings). */
interface SessionWords {
  /** Served from the cache (debug); `location`: the secret store's. */
  fromCache(until: Date, location: string): string;
  /** The cache could not be read: a miss (debug); absent: said nothing. */
  unreadable?(why: string): string;
  /** Another process fetched it while this one waited for the lock (debug); absent: said nothing. */
  fetchedMeanwhile?: string;
  /** Fetched but not stored (warning). */
  notCached(why: string, location: string): string;
  /** Stored but not listed for logout (warning). */
  notListed(why: string, location: string): string;
  /**
   * Stored, then a logout ran meanwhile: used for this token only (warning). Absent: not checked, the session is
   * kept.
   */
  loggedOut?: string;
}

export interface SessionSlot {
  /** The role-session cache key (credentials/role-session/cache-entry.ts roleSessionKey). */
  key: string;
  /** How the session index lists it: its role (or permission set id), bundle and group. */
  listedAs: { roleArn: string; bundle?: string | undefined; group?: string | undefined };
  /** The session must outlive this (e.g. the token's expiry). */
  mustOutlive?: Date | undefined;
  /** A further condition on a cached session (a bound group needs one made with SourceIdentity). */
  accepts?: ((cached: CachedRoleSession) => boolean) | undefined;
  words: SessionWords;
}

type SessionCacheDeps = Pick<
  CredentialsDeps,
  'clock' | 'logger' | 'secretStore' | 'locker' | 'listing' | 'loggedOutMeanwhile'
>;

/**
 * `fetch` behind the role-session cache: `refresh` skips the cached session (login --force, or a session STS
 * rejected). A cache that cannot be read is a miss; one that cannot be written is a warning; a failed fetch
 * writes nothing.
 */
export function cachedSession(
  slot: SessionSlot,
  deps: SessionCacheDeps,
  fetch: CredentialProvider<CachedRoleSession>,
): CredentialProvider<SessionResult> {
  const account = roleSessionAccount(slot.key);
  const { logger } = deps;
  const { words } = slot;
  const read = async (): Promise<CachedRoleSession | undefined> => {
    const store = await deps.secretStore();
    let text: string | null;
    try {
      text = await store.get(account);
    } catch (error) {
      if (words.unreadable) logger.debug(words.unreadable((error as Error).message));
      return undefined;
    }
    const cached = parseRoleSession(text, slot.key);
    return cached && isUsable(cached, deps.clock.now(), slot.mustOutlive) && (slot.accepts?.(cached) ?? true)
      ? cached
      : undefined;
  };
  const list = async (session: CachedRoleSession): Promise<void> => {
    const listing = await deps.listing?.();
    await listing?.stored(account, slot.listedAs.roleArn, slot.listedAs, session.credentials.expiration);
  };
  const fetchOnce = withLock(
    () => deps.locker(),
    account,
    async (options): Promise<SessionResult> => {
      if (!options.refresh) {
        const again = await read();
        if (again) {
          if (words.fetchedMeanwhile) logger.debug(words.fetchedMeanwhile);
          return { ...again, fromCache: true, account };
        }
      }
      const session = await fetch(options);
      const store = await deps.secretStore();
      try {
        await store.set(account, serializeRoleSession(slot.key, session));
      } catch (error) {
        logger.warn(words.notCached((error as Error).message, store.location));
        return { ...session, fromCache: false, account };
      }
      await list(session).catch((error: unknown) =>
        logger.warn(words.notListed((error as Error).message, store.location)),
      );
      if (words.loggedOut && (await deps.loggedOutMeanwhile?.())) {
        // Nothing written after a logout survives it: it may have deleted before this write landed.
        await store.delete(account);
        await (await deps.listing?.())?.remove([account]);
        logger.warn(words.loggedOut);
      }
      return { ...session, fromCache: false, account };
    },
  );
  return async (options) => {
    if (!options.refresh) {
      const cached = await read();
      if (cached) {
        logger.debug(words.fromCache(cached.credentials.expiration, (await deps.secretStore()).location));
        // Keep it findable by logout even if the session index was lost (e.g. the cache directory was removed).
        await list(cached).catch((error: unknown) =>
          logger.debug(`session index not updated: ${(error as Error).message}`),
        );
        return { ...cached, fromCache: true, account };
      }
    }
    return fetchOnce(options);
  };
}
