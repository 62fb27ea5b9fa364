// EKS_LOGIN_KEYRING=auto: the system keychain when it is usable, else the 0600 file store with one
// warning naming the file, once per machine (a marker file beside the secrets file). Reads fall through to the file (a secret stored while the keychain was
// unusable stays reachable later); deletes clear both.
import { isEksLoginError } from '../../kernel/errors.js';
import type { Logger, SecretStore } from '../../kernel/ports.js';
import { KEYCHAIN_LOCKED, KEYCHAIN_UNAVAILABLE } from './keyring-secret-store.js';

/** Whether the fallback warning was shown on this machine already (a marker file beside the secrets file). */
export interface FallbackNotice {
  shown(): boolean;
  markShown(reason: string): void;
}

export class AutoSecretStore implements SecretStore {
  private fallbackReason: string | undefined;
  /** Accounts whose last read came from the file store although the keychain answered (with nothing). */
  private readonly inFile = new Set<string>();

  constructor(
    private readonly system: SecretStore,
    private readonly file: SecretStore,
    private readonly logger: Logger,
    private readonly notice?: FallbackNotice,
  ) {}

  get backend(): SecretStore['backend'] {
    return this.fallbackReason === undefined ? this.system.backend : this.file.backend;
  }

  get location(): string {
    return this.fallbackReason === undefined ? this.system.location : this.file.location;
  }

  /** Why the file store is in use, if it is. */
  get note(): string | undefined {
    return this.fallbackReason;
  }

  async get(account: string): Promise<string | null> {
    const fromSystem = await this.onSystem(() => this.system.get(account));
    if (fromSystem.ok && fromSystem.value !== null) {
      this.inFile.delete(account);
      return fromSystem.value;
    }
    const fromFile = await this.file.get(account);
    if (fromFile !== null && fromSystem.ok) this.inFile.add(account);
    else this.inFile.delete(account);
    return fromFile;
  }

  foundIn(account: string): Pick<SecretStore, 'backend' | 'location'> | undefined {
    return this.inFile.has(account) ? { backend: this.file.backend, location: this.file.location } : undefined;
  }

  async set(account: string, secret: string): Promise<void> {
    const done = await this.onSystem(() => this.system.set(account, secret));
    if (done.ok) {
      await this.file.delete(account); // never keep a stale copy beside the keychain's
      return;
    }
    await this.file.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    const fromSystem = await this.onSystem(() => this.system.delete(account));
    const fromFile = await this.file.delete(account);
    return (fromSystem.ok && fromSystem.value) || fromFile;
  }

  private async onSystem<T>(op: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    if (this.fallbackReason !== undefined) return { ok: false };
    try {
      return { ok: true, value: await op() };
    } catch (error) {
      if (!isEksLoginError(error) || (error.code !== KEYCHAIN_UNAVAILABLE && error.code !== KEYCHAIN_LOCKED))
        throw error;
      this.fallbackReason = error.message;
      const message =
        `${error.message}; using the file store ${this.file.location} (mode 0600) instead. ` +
        'Set EKS_LOGIN_KEYRING=file to silence this, or EKS_LOGIN_KEYRING=system to require the keychain.';
      // Once per machine, not on every kubectl refresh: `eks-login doctor` keeps showing it (note).
      if (this.notice?.shown()) this.logger.debug(message);
      else {
        this.logger.warn(`${message} (shown once; \`eks-login doctor\` shows it again)`);
        this.notice?.markShown(error.message);
      }
      return { ok: false };
    }
  }
}
