// The keychain adapter's bounds, with an injected binding whose calls never answer (a hung Secret
// Service): the call gives up after the bound as "unavailable", and auto mode falls back to the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AutoSecretStore } from '../../src/infra/secrets/auto-secret-store.js';
import { FileSecretStore } from '../../src/infra/secrets/file-secret-store.js';
import { KeyringSecretStore } from '../../src/infra/secrets/keyring-secret-store.js';
import { TerminalMfaPrompt } from '../../src/credentials/role-session/terminal-mfa-prompt.node.js';
import { canPrompt } from '../../src/credentials/role-session/can-prompt.js';
import { MemoryLogger } from '../support/fakes.js';

class HungEntry {
  getPassword(): Promise<string | null> {
    return new Promise(() => undefined);
  }
  setPassword(): Promise<void> {
    return new Promise(() => undefined);
  }
  deletePassword(): Promise<boolean> {
    return new Promise(() => undefined);
  }
}
const hung = async () => ({ AsyncEntry: HungEntry }) as unknown as typeof import('@napi-rs/keyring');
/** How a promise stands once every pending callback but timers has run (fake timers stand still). */
const settled = (p: Promise<unknown>) =>
  Promise.race([
    p.then(
      () => 'resolved',
      () => 'rejected',
    ),
    new Promise<string>((r) => setImmediate(() => r('pending'))),
  ]);
afterEach(() => {
  vi.useRealTimers();
});

describe('KeyringSecretStore bounds', () => {
  it('a keychain that never answers is "unavailable" after the bound, never a hang', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = new KeyringSecretStore({ timeoutMs: 150, load: hung });
    const call = store.get('a');
    await vi.advanceTimersByTimeAsync(149);
    expect(await settled(call)).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    await expect(call).rejects.toMatchObject({
      exitCode: 7,
      code: 'KEYCHAIN_UNAVAILABLE',
      message: expect.stringMatching(/did not answer within 0.15 s/),
    });
  });

  it('once the keychain did not answer, later calls of the process fail at once (one bound per process, not one per call)', async () => {
    let constructed = 0;
    class CountedHungEntry extends HungEntry {
      constructor() {
        super();
        constructed++;
      }
    }
    const load = async () => ({ AsyncEntry: CountedHungEntry }) as unknown as typeof import('@napi-rs/keyring');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = new KeyringSecretStore({ timeoutMs: 150, load });
    const first = expect(store.get('role-session/x')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    await vi.advanceTimersByTimeAsync(150);
    await first;
    // Time stands still from here: a call that waited for the bound again could not settle.
    const later = [store.get('access-key/acme'), store.set('role-session/x', 's')];
    expect(await Promise.all(later.map(settled))).toEqual(['rejected', 'rejected']);
    await expect(later[0]).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      message: expect.stringMatching(/did not answer/),
    });
    await expect(later[1]).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(constructed).toBe(1);
  });

  it('a Secret Service that cannot be reached is tried once per process', async () => {
    let constructed = 0;
    class NoBusEntry {
      constructor() {
        constructed++;
        throw new Error('Platform failure: DBus error: Did not receive a reply');
      }
    }
    const store = new KeyringSecretStore({
      load: async () => ({ AsyncEntry: NoBusEntry }) as unknown as typeof import('@napi-rs/keyring'),
    });
    await expect(store.get('role-session/x')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    await expect(store.get('access-key/acme')).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      message: expect.stringMatching(/Did not receive a reply/),
    });
    expect(constructed).toBe(1);
  });

  it('a provider that stops answering is "unavailable" (not "locked", though its error says "blocked"); a dismissed unlock prompt is "locked"', async () => {
    const noReply =
      'Platform failure: DBus error: Did not receive a reply. Possible causes include: the remote application did not send a reply, the message bus security policy blocked the reply, the reply timeout expired, or the network connection was broken.';
    let constructed = 0;
    const failing = (message: string) => async () =>
      ({
        AsyncEntry: class {
          constructor() {
            constructed++;
          }
          getPassword(): Promise<string | null> {
            return Promise.reject(new Error(message));
          }
        },
      }) as unknown as typeof import('@napi-rs/keyring');
    const hungStore = new KeyringSecretStore({ load: failing(noReply) });
    await expect(hungStore.get('role-session/x')).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      message: expect.stringMatching(/did not answer/),
    });
    await expect(hungStore.get('access-key/acme')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(constructed).toBe(1);
    const lockedStore = new KeyringSecretStore({
      load: failing("Couldn't access platform storage: Secret Service: unlock prompt was dismissed"),
    });
    await expect(lockedStore.get('access-key/acme')).rejects.toMatchObject({
      code: 'KEYCHAIN_LOCKED',
      message: expect.stringMatching(/the keychain is locked/),
    });
  });

  it('a binding that cannot load is "unavailable", and auto mode uses the file with one warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-login-kr-'));
    try {
      const system = new KeyringSecretStore({ load: () => Promise.reject(new Error('Cannot find native binding')) });
      const logger = new MemoryLogger();
      const store = new AutoSecretStore(system, new FileSecretStore(join(dir, 'secrets.json')), logger);
      await store.set('a', 'v');
      expect(await store.get('a')).toBe('v');
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toMatch(/@napi-rs\/keyring cannot be loaded.*secrets\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('MFA prompt', () => {
  it('asks on the error stream and reads one line', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d: Buffer) => (shown += d.toString()));
    const answer = new TerminalMfaPrompt(true, input, output, () => undefined).ask('MFA code: ');
    input.write('123456\n');
    expect(await answer).toBe('123456');
    expect(shown).toBe('MFA code: ');
  });

  it('asks on the controlling terminal when there is one (stderr may be captured), and releases it', async () => {
    const [stdin, stderr, ttyIn, ttyOut] = [new PassThrough(), new PassThrough(), new PassThrough(), new PassThrough()];
    let onStderr = '';
    let onTerminal = '';
    stderr.on('data', (d: Buffer) => (onStderr += d.toString()));
    ttyOut.on('data', (d: Buffer) => (onTerminal += d.toString()));
    let closed = 0;
    const terminal = () => ({
      input: ttyIn as unknown as NodeJS.ReadStream,
      output: ttyOut as unknown as NodeJS.WriteStream,
      close: () => void closed++,
    });
    const answer = new TerminalMfaPrompt(true, stdin, stderr, terminal).ask('MFA code: ');
    stdin.write('999999\n');
    ttyIn.write('123456\n');
    expect(await answer).toBe('123456');
    expect(onTerminal).toBe('MFA code: ');
    expect(onStderr).toBe('');
    expect(closed).toBe(1);
  });

  it('prompts only when a person can answer', () => {
    const tty = { stdinIsTTY: true, stderrIsTTY: true };
    expect(canPrompt({ underKubectl: true, execInteractive: false, ...tty })).toBe(false);
    expect(canPrompt({ underKubectl: true, execInteractive: true, stdinIsTTY: false, stderrIsTTY: false })).toBe(true);
    expect(canPrompt({ underKubectl: false, execInteractive: false, ...tty })).toBe(true);
    expect(canPrompt({ underKubectl: false, execInteractive: false, stdinIsTTY: false, stderrIsTTY: true })).toBe(
      false,
    );
  });
});
