// A non-secret list of the role sessions eks-login cached (which account, for which bundle/group/role,
// until when), so `logout` can find and delete them: neither the keychain port nor the file store lists
// accounts. Lives in the cache directory as role-sessions.json (0600), updated under a lock; entries that
// expired are dropped whenever a session is added.
import type { IndexedRoleSession } from './cache-entry.js';
import { dirname } from 'node:path';
import { isEksLoginError, StoreError } from '../../kernel/errors.js';
import { scrubOrphanTemps } from '../../infra/fs/atomic-file.js';
import { acquire } from '../../infra/fs/file-lock.js';
import { readTextIfExists, writePrivateFile } from '../../infra/fs/private-file.js';

export type { IndexedRoleSession };

export class RoleSessionIndex {
  readonly file: string;
  constructor(cacheDir: string) {
    this.file = `${cacheDir}/role-sessions.json`;
  }

  async list(): Promise<IndexedRoleSession[]> {
    try {
      const parsed: unknown = JSON.parse((await readTextIfExists(this.file)) ?? '[]');
      return Array.isArray(parsed)
        ? (parsed as IndexedRoleSession[]).filter((e) => typeof e?.account === 'string')
        : [];
    } catch {
      return [];
    }
  }

  /** Lists `entry` and drops entries that expired before `now`; returns the accounts dropped (their secrets may go too). */
  async add(entry: IndexedRoleSession, now: Date = new Date()): Promise<string[]> {
    const all = await this.list();
    const known = all.find((e) => e.account === entry.account);
    const expired = (e: IndexedRoleSession): boolean =>
      e.account !== entry.account && Date.parse(e.expiration) < now.getTime();
    if (known && JSON.stringify(known) === JSON.stringify(entry) && !all.some(expired)) return []; // already listed: no lock, no write
    let dropped: string[] = [];
    await this.update((current) => {
      dropped = current.filter(expired).map((e) => e.account);
      return [...current.filter((e) => e.account !== entry.account && !expired(e)), entry];
    });
    return dropped;
  }

  async remove(accounts: string[]): Promise<void> {
    await this.update((all) => all.filter((e) => !accounts.includes(e.account)));
  }

  private async update(change: (all: IndexedRoleSession[]) => IndexedRoleSession[]): Promise<void> {
    try {
      await scrubOrphanTemps(dirname(this.file), { legacy: true });
      const release = await acquire(`${this.file}.lock`, { timeoutMs: 10_000 });
      try {
        await writePrivateFile(this.file, `${JSON.stringify(change(await this.list()), null, 2)}\n`);
      } finally {
        await release();
      }
    } catch (error) {
      if (isEksLoginError(error)) throw error;
      throw new StoreError(`cannot write the role-session index ${this.file}: ${(error as Error).message}`, {
        code: 'SESSION_INDEX_UNWRITABLE',
        cause: error,
      });
    }
  }
}
