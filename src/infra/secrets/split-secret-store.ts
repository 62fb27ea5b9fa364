// Windows Credential Manager keeps at most 2,560 bytes per credential (1,280 UTF-16 units, kernel/platform.ts
// keychainValueLimit), and a cached role session (key, secret, STS session token of ~1,000 characters or more,
// ARNs) is larger (test/unit/platform/keychain-limit.test.ts measures it). A value over the limit is stored in
// parts: `<account>#1`…`#n` hold the text, `<account>` holds `eks-login-split-v1:<n>` (a secret is JSON, so
// never starts with that). Parts are written before the head and removed after it, so a reader sees the old
// value, the new one, or a miss (a role session is then fetched again), never a mix it would accept.
import type { SecretStore } from '../../kernel/ports.js';

const HEAD = /^eks-login-split-v1:(\d{1,3})$/;
const part = (account: string, i: number) => `${account}#${i}`;

export class SplitSecretStore implements SecretStore {
  readonly backend: SecretStore['backend'];
  readonly location: string;

  constructor(
    private readonly inner: SecretStore,
    /** The longest value the store takes, in UTF-16 units. */
    private readonly limit: number,
  ) {
    this.backend = inner.backend;
    this.location = inner.location;
  }

  get note(): string | undefined {
    return this.inner.note;
  }

  async get(account: string): Promise<string | null> {
    const head = await this.inner.get(account);
    const split = head === null ? undefined : HEAD.exec(head);
    if (!split) return head;
    const parts: string[] = [];
    for (let i = 1; i <= Number(split[1]); i++) {
      const text = await this.inner.get(part(account, i));
      if (text === null) return null; // half of a value: a miss
      parts.push(text);
    }
    return parts.join('');
  }

  async set(account: string, secret: string): Promise<void> {
    const before = await this.partsOf(account);
    if (secret.length <= this.limit) {
      await this.inner.set(account, secret);
    } else {
      const size = this.limit;
      const count = Math.ceil(secret.length / size);
      for (let i = 1; i <= count; i++) await this.inner.set(part(account, i), secret.slice((i - 1) * size, i * size));
      await this.inner.set(account, `eks-login-split-v1:${count}`);
      for (let i = count + 1; i <= before; i++) await this.inner.delete(part(account, i));
      return;
    }
    for (let i = 1; i <= before; i++) await this.inner.delete(part(account, i));
  }

  async delete(account: string): Promise<boolean> {
    const before = await this.partsOf(account);
    const deleted = await this.inner.delete(account);
    for (let i = 1; i <= before; i++) await this.inner.delete(part(account, i));
    return deleted;
  }

  private async partsOf(account: string): Promise<number> {
    const head = await this.inner.get(account);
    const split = head === null ? undefined : HEAD.exec(head);
    return split ? Number(split[1]) : 0;
  }
}
