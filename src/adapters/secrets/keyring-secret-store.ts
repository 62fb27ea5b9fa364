// The OS keychain through @napi-rs/keyring (design/keychain.md): macOS Keychain, Windows Credential
// Manager, Secret Service on Linux (pinned, so it never silently lands in the volatile kernel keyring).
// Loaded lazily; every call is bounded (3 s) and "locked" is reported as locked, never read as "absent".
import type { AsyncEntry } from '@napi-rs/keyring';
import { StoreError } from '../../errors.js';
import type { SecretStore } from '../../ports.js';
import { KEYCHAIN_SERVICE } from '../../core/setup/record.js';

type KeyringModule = typeof import('@napi-rs/keyring');

export const KEYCHAIN_UNAVAILABLE = 'KEYCHAIN_UNAVAILABLE';
export const KEYCHAIN_LOCKED = 'KEYCHAIN_LOCKED';

export interface KeyringOptions {
  timeoutMs?: number;
  service?: string;
  /** For tests: how the binding is loaded. */
  load?: () => Promise<KeyringModule>;
}

const platformName: Record<string, string> = { darwin: 'macOS Keychain', win32: 'Windows Credential Manager' };

export class KeyringSecretStore implements SecretStore {
  readonly backend = 'system' as const;
  readonly location = platformName[process.platform] ?? 'Secret Service';
  private module: Promise<KeyringModule> | undefined;
  private readonly entries = new Map<string, AsyncEntry>();
  /** Once the keychain proved unusable (no binding, no bus, no answer), later calls fail at once: one bound per process. */
  private unusable: StoreError | undefined;

  constructor(private readonly options: KeyringOptions = {}) {}

  async get(account: string): Promise<string | null> {
    return this.call(account, 'read', (entry, signal) => entry.getPassword(signal));
  }

  async set(account: string, secret: string): Promise<void> {
    await this.call(account, 'write', (entry, signal) => entry.setPassword(secret, signal));
  }

  async delete(account: string): Promise<boolean> {
    return this.call(account, 'delete', (entry, signal) => entry.deletePassword(signal));
  }

  private async entry(account: string): Promise<AsyncEntry> {
    if (this.unusable) throw this.unusable;
    const known = this.entries.get(account);
    if (known) return known;
    let binding: KeyringModule;
    try {
      this.module ??= (this.options.load ?? (() => import('@napi-rs/keyring')))();
      binding = await this.module;
    } catch (error) {
      throw (this.unusable = unavailable(`the keychain binding @napi-rs/keyring cannot be loaded (${firstLine(error)})`, error));
    }
    try {
      // Throws synchronously when there is no D-Bus session or nobody serves org.freedesktop.secrets.
      const entry = new binding.AsyncEntry(this.options.service ?? KEYCHAIN_SERVICE, account, { linux: { store: 'secret-service' } });
      this.entries.set(account, entry);
      return entry;
    } catch (error) {
      throw (this.unusable = unavailable(`no usable ${this.location} (${firstLine(error)})`, error));
    }
  }

  private async call<T>(account: string, what: string, op: (entry: AsyncEntry, signal: AbortSignal) => Promise<T>): Promise<T> {
    const entry = await this.entry(account);
    const timeoutMs = this.options.timeoutMs ?? 3000;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject((this.unusable = unavailable(`the ${this.location} did not answer within ${timeoutMs / 1000} s`)));
      }, timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([op(entry, controller.signal), timeout]);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      const message = firstLine(error);
      // A provider that stops answering is unavailable, not locked (its D-Bus error says "…policy blocked the reply…").
      if (/did not receive a reply|timed? ?out|timeout/i.test(message)) {
        throw (this.unusable = unavailable(`the ${this.location} did not answer (${message})`, error));
      }
      if (/\b(locked|unlock|prompt)/i.test(message)) {
        throw new StoreError(`cannot ${what} ${account} in the ${this.location}: the keychain is locked (${message})`, {
          code: KEYCHAIN_LOCKED,
          hint: 'unlock your keyring (log in to the desktop session), or set EKS_LOGIN_KEYRING=file',
          cause: error,
        });
      }
      throw new StoreError(`cannot ${what} ${account} in the ${this.location}: ${message}`, { code: 'KEYCHAIN_FAILED', cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

function unavailable(message: string, cause?: unknown): StoreError {
  return new StoreError(message, {
    code: KEYCHAIN_UNAVAILABLE,
    hint: 'start a desktop session with a keyring, or set EKS_LOGIN_KEYRING=file to use the 0600 file store',
    cause,
  });
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
