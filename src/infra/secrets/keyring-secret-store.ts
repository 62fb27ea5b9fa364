// The OS keychain through @napi-rs/keyring (docs/credentials.md): macOS Keychain, Windows Credential
// Manager, Secret Service on Linux (pinned, so it never silently lands in the volatile kernel keyring).
// The binding runs in a helper child process (keyring-process.ts), so a bus or provider that never
// answers cannot block this process: every call is bounded (3 s) by killing the helper, SIGTERM and
// SIGINT still end the process at once, and "locked" is reported as locked, never read as "absent".
// Tests may inject an in-process binding (`load`) instead.
import { existsSync } from 'node:fs';
import type { AsyncEntry } from '@napi-rs/keyring';
import { StoreError } from '../../kernel/errors.js';
import type { SecretStore } from '../../kernel/ports.js';
import { platformOf, type Platform } from '../../kernel/platform.js';
import { KEYCHAIN_SERVICE } from '../../kernel/paths.js';
import { KeyringProcess, KeyringTimeout, type KeyringReply, type KeyringRequest } from './keyring-process.js';

type KeyringModule = typeof import('@napi-rs/keyring');

export const KEYCHAIN_UNAVAILABLE = 'KEYCHAIN_UNAVAILABLE';
export const KEYCHAIN_LOCKED = 'KEYCHAIN_LOCKED';

export interface KeyringOptions {
  timeoutMs?: number;
  service?: string;
  /** For tests: an in-process binding instead of the helper process. */
  load?: () => Promise<KeyringModule>;
  /** The platform (kernel/platform.ts): its keychain's name, and whether a D-Bus session bus is needed (Linux). Tests: Linux. */
  platform?: Pick<Platform, 'name' | 'keychainName'>;
}

/** Where the binding runs: the helper process (default) or in-process (tests). */
interface Backend {
  call(request: KeyringRequest, timeoutMs: number): Promise<KeyringReply>;
}

export class KeyringSecretStore implements SecretStore {
  readonly backend = 'system' as const;
  readonly location: string;
  private readonly runner: Backend;
  private readonly platform: Pick<Platform, 'name' | 'keychainName'>;
  /** Once the keychain proved unusable (no binding, no bus, no answer), later calls fail at once: one bound per process. */
  private unusable: StoreError | undefined;

  constructor(private readonly options: KeyringOptions = {}) {
    this.runner = options.load ? new InProcess(options.load) : new KeyringProcess();
    this.platform = options.platform ?? platformOf('linux');
    this.location = this.platform.keychainName;
  }

  async get(account: string): Promise<string | null> {
    const value = await this.call(account, 'read', { op: 'get' });
    return typeof value === 'string' ? value : null;
  }

  async set(account: string, secret: string): Promise<void> {
    await this.call(account, 'write', { op: 'set', secret });
  }

  async delete(account: string): Promise<boolean> {
    return (await this.call(account, 'delete', { op: 'delete' })) === true;
  }

  private async call(
    account: string,
    what: string,
    request: Omit<KeyringRequest, 'service' | 'account'>,
  ): Promise<string | boolean | null> {
    if (this.unusable) throw this.unusable;
    if (!this.options.load && this.platform.name === 'linux' && !sessionBusMayExist()) {
      // What the binding would say at once, without starting the helper process.
      throw (this.unusable = unavailable(
        `no usable ${this.location} (no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set)`,
      ));
    }
    const timeoutMs = this.options.timeoutMs ?? 3000;
    let reply: KeyringReply;
    try {
      reply = await this.runner.call(
        { ...request, service: this.options.service ?? KEYCHAIN_SERVICE, account },
        timeoutMs,
      );
    } catch (error) {
      if (error instanceof KeyringTimeout && error.phase === 'start')
        throw (this.unusable = unavailable(`the ${this.location} could not be asked: ${error.message}`, error));
      const why =
        error instanceof KeyringTimeout
          ? `did not answer within ${timeoutMs / 1000} s`
          : `could not be asked (${firstLine(error)})`;
      throw (this.unusable = unavailable(`the ${this.location} ${why}`, error));
    }
    if (reply.ok) return reply.value;
    const message = reply.message;
    if (reply.stage === 'load')
      throw (this.unusable = unavailable(`the keychain binding @napi-rs/keyring cannot be loaded (${message})`));
    // Thrown when there is no D-Bus session or nobody serves org.freedesktop.secrets.
    if (reply.stage === 'open') throw (this.unusable = unavailable(`no usable ${this.location} (${message})`));
    // A provider that stops answering is unavailable, not locked (its D-Bus error says "…policy blocked the reply…").
    if (/did not receive a reply|timed? ?out|timeout/i.test(message)) {
      throw (this.unusable = unavailable(`the ${this.location} did not answer (${message})`));
    }
    // gnome-keyring started by D-Bus activation before any keyring was created: there is no default
    // collection to write to, and creating one needs a prompt nobody can answer here.
    if (/no result found/i.test(message)) {
      throw (this.unusable = unavailable(`the ${this.location} has no default keyring to store into (${message})`));
    }
    if (/\b(locked|unlock|prompt)/i.test(message)) {
      throw new StoreError(`cannot ${what} ${account} in the ${this.location}: the keychain is locked (${message})`, {
        code: KEYCHAIN_LOCKED,
        hint: 'unlock your keyring (log in to the desktop session), or set EKS_LOGIN_KEYRING=file',
      });
    }
    throw new StoreError(`cannot ${what} ${account} in the ${this.location}: ${message}`, { code: 'KEYCHAIN_FAILED' });
  }
}

/** The binding in this process (tests inject fakes here); bounded by a race, which only a JS fake honours. */
class InProcess implements Backend {
  private module: Promise<KeyringModule> | undefined;
  private readonly entries = new Map<string, AsyncEntry>();
  constructor(private readonly load: () => Promise<KeyringModule>) {}

  async call(request: KeyringRequest, timeoutMs: number): Promise<KeyringReply> {
    let binding: KeyringModule;
    try {
      binding = await (this.module ??= this.load());
    } catch (error) {
      return { ok: false, stage: 'load', message: firstLine(error) };
    }
    let entry = this.entries.get(request.account);
    if (!entry) {
      try {
        entry = new binding.AsyncEntry(request.service, request.account, { linux: { store: 'secret-service' } });
      } catch (error) {
        return { ok: false, stage: 'open', message: firstLine(error) };
      }
      this.entries.set(request.account, entry);
    }
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new KeyringTimeout(`no answer within ${timeoutMs} ms`, 'call'));
      }, timeoutMs);
      timer.unref();
    });
    const op =
      request.op === 'get'
        ? entry.getPassword(controller.signal)
        : request.op === 'set'
          ? entry.setPassword(request.secret!, controller.signal).then(() => null)
          : entry.deletePassword(controller.signal);
    try {
      return { ok: true, value: (await Promise.race([op, timeout])) ?? null };
    } catch (error) {
      if (error instanceof KeyringTimeout) throw error;
      return { ok: false, stage: 'op', message: firstLine(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Linux without DBUS_SESSION_BUS_ADDRESS and without $XDG_RUNTIME_DIR/bus has no session bus to find. */
function sessionBusMayExist(): boolean {
  if (process.env.DBUS_SESSION_BUS_ADDRESS) return true;
  const runtime = process.env.XDG_RUNTIME_DIR;
  return Boolean(runtime && existsSync(`${runtime}/bus`));
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
