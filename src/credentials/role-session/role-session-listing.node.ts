// Listing a cached role session for `logout` (credentials/role-session/role-session-index.node.ts), the same for every kind of
// session (an assumed group role, an IAM Identity Center permission set): listed with the caller's clock,
// and the sessions the listing drops because they expired leave the secret store too — once dropped from
// the index, nothing (not even logout) would find their secrets again.
import type { IndexedRoleSession } from './cache-entry.js';
import type { SecretStore } from '../../kernel/ports.js';
import type { Services } from '../../services/services.js';

export interface RoleSessionListing {
  /** Lists (or re-lists) the session stored under `account`, and deletes the secrets of expired ones. */
  add(entry: IndexedRoleSession): Promise<void>;
  /** Unlists sessions whose secrets were discarded. */
  remove(accounts: string[]): Promise<void>;
}

export async function roleSessionListing(s: Services, store: SecretStore): Promise<RoleSessionListing> {
  const { RoleSessionIndex } = await import('./role-session-index.node.js');
  const index = new RoleSessionIndex(s.paths.cacheDir);
  return {
    async add(entry) {
      const expired = await index.add(entry, s.clock.now());
      for (const old of expired)
        await store
          .delete(old)
          .catch((error: unknown) =>
            s.logger.debug(`expired role session ${old} not deleted: ${(error as Error).message}`),
          );
    },
    remove: (accounts) => index.remove(accounts),
  };
}
