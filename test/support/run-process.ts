// Every process a test starts goes through here: one spawn, output collected, a bound after which the
// process is killed (SIGKILL), and for the built CLI (bin/eks-login, built by `npm test`) a clean
// environment: PATH plus what the test passes, and a throwaway HOME unless the test gives one, so no child
// ever reads or writes the real home's kubeconfig, keychain file or cache.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createHome } from './home.js';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'eks-login');

type Env = Record<string, string | undefined>;

export interface ProcessResult {
  /** The exit code; null when a signal ended the process. */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ProcessOptions {
  /** The whole environment of the child (the CLI runners add PATH and a HOME, see cliEnv). */
  env?: Env;
  /** Written to stdin, which is then closed. */
  stdin?: string;
  cwd?: string;
  /** Killed after this long (default 60 s); the result then has signal SIGKILL. */
  timeoutMs?: number;
  /** A session of its own (setsid), so /dev/tty cannot reach the terminal the tests run in. */
  withoutTerminal?: boolean;
}

export interface RunningProcess {
  child: ChildProcessWithoutNullStreams;
  /** Settles when the process has ended and its output is read; never rejects for an exit code. */
  done: Promise<ProcessResult>;
  stdout(): string;
  stderr(): string;
  /** The first match of `pattern` in that stream; rejects after `waitMs` or when the process ends first. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, waitMs?: number): Promise<RegExpMatchArray>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Starts `command` (no shell). */
export function startProcess(command: string, args: string[], options: ProcessOptions = {}): RunningProcess {
  const child = spawn(command, args, {
    env: (options.env ?? {}) as NodeJS.ProcessEnv,
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.withoutTerminal ? { detached: true } : {}),
  });
  const out = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  child.stdout.on('data', (d: Buffer) => ((out.stdout += d.toString()), notify()));
  child.stderr.on('data', (d: Buffer) => ((out.stderr += d.toString()), notify()));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let ended = false;
  const done = new Promise<ProcessResult>((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.on('close', (status, signal) => {
      clearTimeout(killer);
      ended = true;
      notify();
      resolve({ status, signal, stdout: out.stdout, stderr: out.stderr });
    });
  });
  child.stdin.on('error', () => undefined); // a child that exits without reading its stdin
  child.stdin.end(options.stdin ?? '');
  return {
    child,
    done,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    waitFor: (stream, pattern, waitMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const match = out[stream].match(pattern);
          if (match) finish(() => resolve(match));
          else if (ended)
            finish(() => reject(new Error(`${command} ended before printing ${pattern} on ${stream}: ${out.stderr}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no ${pattern} on ${stream} within ${waitMs} ms: ${out.stderr}`))),
          waitMs,
        );
        const finish = (then: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          then();
        };
        listeners.add(check);
        check();
      }),
  };
}

/** Runs `command` to its end and collects its output. */
export function runProcess(command: string, args: string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  return startProcess(command, args, options).done;
}

let throwawayHome: string | undefined;

/** PATH, a HOME (the test's, else one throwaway home per test process, removed when it exits) and `env`. */
export function cliEnv(env: Env = {}): Env {
  if (env.HOME === undefined && throwawayHome === undefined) {
    const home = createHome({ prefix: 'eks-login-test-home-' });
    process.once('exit', () => home.remove());
    throwawayHome = home.dir;
  }
  return { PATH: process.env.PATH ?? '', HOME: throwawayHome, ...env };
}

/** Starts the built CLI (`node bin/eks-login …args`), e.g. to wait for what it prints or to signal it. */
export function startCli(args: string[], options: ProcessOptions & { bin?: string } = {}): RunningProcess {
  return startProcess(process.execPath, [options.bin ?? BIN, ...args], { ...options, env: cliEnv(options.env) });
}

/** Runs the built CLI to its end. */
export function runCli(args: string[], options: ProcessOptions & { bin?: string } = {}): Promise<ProcessResult> {
  return startCli(args, options).done;
}

/** The same, synchronously (for tests that run one short command after another). */
export function runCliSync(args: string[], options: Omit<ProcessOptions, 'withoutTerminal'> = {}): ProcessResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: cliEnv(options.env) as NodeJS.ProcessEnv,
    cwd: options.cwd,
    input: options.stdin ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}
