// The keychain binding in a child process: @napi-rs/keyring talks D-Bus from native code, and a Secret
// Service (or a session bus) that accepts the connection but never answers blocks that native call for
// good — in-process it would hold the event loop, so neither the deadline nor SIGTERM could end it. In a
// child, the parent's loop stays free: at the deadline the child is killed (SIGKILL), and a signal or
// an exit of the parent kills it too; a parent killed outright (SIGKILL) leaves no helper behind either
// (the child's watchdog thread). One child per process serves every keychain call in turn; it exits
// when the parent closes its stdin and never keeps the parent alive while idle.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

/** One keychain operation; the binding is the synchronous Entry (the child has nothing else to do). */
export interface KeyringRequest {
  op: 'get' | 'set' | 'delete';
  service: string;
  account: string;
  secret?: string;
}

/** `stage` open: the Entry could not be made (no bus, no provider); op: the call failed. */
export type KeyringReply =
  { ok: true; value: string | boolean | null } | { ok: false; stage: 'load' | 'open' | 'op'; message: string };

export class KeyringTimeout extends Error {
  constructor(
    message: string,
    /** start: the helper did not come up (a loaded machine); call: the keychain did not answer. */
    readonly phase: 'start' | 'call',
  ) {
    super(message);
  }
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** Starting the helper (a node process loading the binding) is bounded apart from the calls: a loaded machine may be slow to start one, which says nothing about the keychain. */
const START_TIMEOUT_MS = 15_000;

// The child: loads the binding and says so ("ready"), then reads one JSON request per line and answers
// one JSON line each, in order.
// A watchdog thread ends the child when the parent is gone without closing stdin (SIGKILL, a crash): the
// main thread may be stuck in the native call then and would never see the end of stdin. It watches for
// the reparenting (process.ppid differs from the parent the main thread saw at start), which, unlike probing the parent's pid, pid reuse cannot fool.
const CHILD_SOURCE = `
const { Worker } = require('node:worker_threads');
new Worker("const p = " + process.ppid + "; const check = () => { if (process.ppid !== p) process.kill(process.pid, 'SIGKILL'); }; check(); setInterval(check, 200);", { eval: true }).unref();
let binding;
try { binding = require(process.argv[1]); } catch {}
process.stdout.write('{"ready":true}\\n');
const entries = new Map();
let buffer = '';
const reply = (r) => process.stdout.write(JSON.stringify(r) + '\\n');
const first = (e) => String(e && e.message || e).split('\\n')[0];
function handle(line) {
  const q = JSON.parse(line);
  if (!binding) { try { binding = require(process.argv[1]); } catch (e) { return reply({ ok: false, stage: 'load', message: first(e) }); } }
  let entry = entries.get(q.service + '\\0' + q.account);
  if (!entry) {
    try { entry = new binding.Entry(q.service, q.account, { linux: { store: 'secret-service' } }); } catch (e) { return reply({ ok: false, stage: 'open', message: first(e) }); }
    entries.set(q.service + '\\0' + q.account, entry);
  }
  try {
    const value = q.op === 'get' ? entry.getPassword() : q.op === 'set' ? (entry.setPassword(q.secret), null) : entry.deletePassword();
    reply({ ok: true, value: value ?? null });
  } catch (e) { reply({ ok: false, stage: 'op', message: first(e) }); }
}
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  for (let i; (i = buffer.indexOf('\\n')) >= 0; ) { const line = buffer.slice(0, i); buffer = buffer.slice(i + 1); if (line) handle(line); }
});
process.stdin.on('end', () => process.exit(0));
`;

export class KeyringProcess {
  private child: ChildProcess | undefined;
  private pending: { resolve(line: unknown): void; reject(error: Error): void } | undefined;
  private ready = false;
  private buffer = '';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly bindingPath: string = createRequire(import.meta.url).resolve('@napi-rs/keyring')) {}

  /** Runs one request; rejects with KeyringTimeout (and kills the child) when no answer comes within `timeoutMs`. */
  call(request: KeyringRequest, timeoutMs: number): Promise<KeyringReply> {
    const run = this.queue.then(() => this.send(request, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async send(request: KeyringRequest, timeoutMs: number): Promise<KeyringReply> {
    const child = this.start();
    if (!this.ready) {
      await this.await(child, START_TIMEOUT_MS, 'start');
      this.ready = true;
    }
    child.stdin!.write(`${JSON.stringify(request)}\n`);
    return (await this.await(child, timeoutMs, 'call')) as KeyringReply;
  }

  /** The next line from the helper; kills it when none comes within `timeoutMs`. */
  private await(child: ChildProcess, timeoutMs: number, phase: 'start' | 'call'): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill();
        reject(
          new KeyringTimeout(
            `the keychain helper ${phase === 'start' ? 'did not start' : 'did not answer'} within ${timeoutMs} ms`,
            phase,
          ),
        );
      }, timeoutMs);
      this.pending = {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      setRef(child, true);
    }).finally(() => {
      this.pending = undefined;
      if (this.child) setRef(this.child, false);
    });
  }

  private start(): ChildProcess {
    if (this.child) return this.child;
    const child = spawn(process.execPath, ['-e', CHILD_SOURCE, this.bindingPath], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: process.env,
    });
    this.child = child;
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let i; (i = this.buffer.indexOf('\n')) >= 0;) {
        const line = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + 1);
        this.pending?.resolve(JSON.parse(line) as unknown);
      }
    });
    child.stdin!.on('error', () => undefined); // a child that died: the 'exit' below tells
    child.on('error', (error) => this.gone(error));
    child.on('exit', (code, signal) =>
      this.gone(new Error(`the keychain helper process ended (${signal ?? `exit ${code}`})`)),
    );
    // The parent never leaves a helper stuck in native code behind: on exit, and on SIGTERM/SIGINT/SIGHUP.
    process.once('exit', this.killOnExit);
    for (const signal of SIGNALS) process.prependListener(signal, this.killOnSignal);
    return child;
  }

  private readonly killOnExit = (): void => this.kill();

  /** Kills the helper, then lets the signal do what it would have done without this listener. */
  private readonly killOnSignal = (signal: NodeJS.Signals): void => {
    this.kill();
    // Another listener (e.g. proper-lockfile's signal-exit) re-raises it itself; else the default action.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };

  private gone(error: Error): void {
    this.pending?.reject(error);
    this.detach();
  }

  private kill(): void {
    const child = this.child;
    this.detach();
    child?.kill('SIGKILL');
  }

  private detach(): void {
    if (!this.child) return;
    this.child = undefined;
    this.ready = false;
    this.buffer = '';
    process.removeListener('exit', this.killOnExit);
    for (const signal of SIGNALS) process.removeListener(signal, this.killOnSignal);
  }
}

function setRef(child: ChildProcess, ref: boolean): void {
  for (const handle of [child, child.stdin, child.stdout] as Array<{ ref?(): void; unref?(): void } | null>) {
    if (ref) handle?.ref?.();
    else handle?.unref?.();
  }
}
