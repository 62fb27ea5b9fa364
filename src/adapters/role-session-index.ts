// A non-secret list of the role sessions eks-login cached (which account, for which bundle/group/role,
// until when), so `logout` can find and delete them: neither the keychain port nor the file store lists
// accounts. Lives in the cache directory as role-sessions.json (0600), updated under a lock.
import type { IndexedRoleSession } from '../core/session/logout.js';
import { acquire } from './file-lock.js';
import { readTextIfExists, writePrivateFile } from './private-file.js';

export type { IndexedRoleSession };

export class RoleSessionIndex {
  readonly file: string;
  constructor(cacheDir: string) {
    this.file = `${cacheDir}/role-sessions.json`;
  }

  async list(): Promise<IndexedRoleSession[]> {
    try {
      const parsed: unknown = JSON.parse((await readTextIfExists(this.file)) ?? '[]');
      return Array.isArray(parsed) ? (parsed as IndexedRoleSession[]).filter((e) => typeof e?.account === 'string') : [];
    } catch {
      return [];
    }
  }

  async add(entry: IndexedRoleSession): Promise<void> {
    const known = (await this.list()).find((e) => e.account === entry.account);
    if (known && JSON.stringify(known) === JSON.stringify(entry)) return; // already listed: no lock, no write
    await this.update((all) => [...all.filter((e) => e.account !== entry.account), entry]);
  }

  async remove(accounts: string[]): Promise<void> {
    await this.update((all) => all.filter((e) => !accounts.includes(e.account)));
  }

  private async update(change: (all: IndexedRoleSession[]) => IndexedRoleSession[]): Promise<void> {
    const release = await acquire(`${this.file}.lock`, { timeoutMs: 10_000 });
    try {
      await writePrivateFile(this.file, `${JSON.stringify(change(await this.list()), null, 2)}\n`);
    } finally {
      await release();
    }
  }
}
