// The file fallback for secrets when no OS keychain is usable: one JSON object {account: secret} in a
// 0600 file inside a 0700 directory, rewritten atomically under a cross-process lock. Its first use in a
// process removes temp files of ours that a killed writer left in that directory.
import { StoreError } from '../../kernel/errors.js';
import type { SecretStore } from '../../kernel/ports.js';
import { dirname } from 'node:path';
import { scrubOrphanTemps } from '../fs/atomic-file.js';
import { acquire } from '../fs/file-lock.js';
import { readTextIfExists, writePrivateFile } from '../fs/private-file.js';

export class FileSecretStore implements SecretStore {
  readonly backend = 'file' as const;
  private scrubbed: Promise<number> | undefined;
  constructor(readonly location: string) {}

  /** Start-up: temp files a killed writer left beside the secrets (they may hold them) are removed. */
  scrubTemps(): Promise<number> {
    return (this.scrubbed ??= scrubOrphanTemps(dirname(this.location), { legacy: true }));
  }

  async get(account: string): Promise<string | null> {
    return (await this.read())[account] ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    await this.update((all) => {
      all[account] = secret;
      return true;
    });
  }

  async delete(account: string): Promise<boolean> {
    if ((await this.read())[account] === undefined) return false; // nothing to do: no lock, no write
    return this.update((all) => {
      if (!(account in all)) return false;
      delete all[account];
      return true;
    });
  }

  private async update(change: (all: Record<string, string>) => boolean): Promise<boolean> {
    const release = await acquire(`${this.location}.lock`, { timeoutMs: 10_000 });
    try {
      const all = await this.read();
      const changed = change(all);
      if (changed) await this.write(all);
      return changed;
    } finally {
      await release();
    }
  }

  private async read(): Promise<Record<string, string>> {
    await this.scrubTemps();
    let text: string | null;
    try {
      text = await readTextIfExists(this.location);
    } catch (error) {
      throw new StoreError(`cannot read the secrets file ${this.location}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (text === null || text.trim() === '') return {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, string>;
    } catch {
      // fall through
    }
    throw new StoreError(`the secrets file ${this.location} is not a JSON object`, {
      hint: `move it aside and re-run \`eks-login setup\`, or fix the file`,
    });
  }

  private async write(all: Record<string, string>): Promise<void> {
    try {
      await writePrivateFile(this.location, `${JSON.stringify(all, null, 2)}\n`);
    } catch (error) {
      throw new StoreError(`cannot write the secrets file ${this.location}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}
