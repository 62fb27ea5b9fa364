// Runs commands inside a private D-Bus session with a throwaway gnome-keyring serving
// org.freedesktop.secrets, and bundles test entry files for such child processes.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { runProcess, type ProcessResult } from './run-process.js';
import { requireTool } from './tools.js';

const root = join(import.meta.dirname, '..', '..');

export const hasSecretService = (): boolean =>
  requireTool('dbus-run-session', 'dbus-run-session', ['--version']) &&
  requireTool('gnome-keyring-daemon', 'gnome-keyring-daemon', ['--version']);

/** Bundles a TypeScript entry into an .mjs inside node_modules/.cache (so it resolves our packages). */
export async function bundleForChild(entry: string): Promise<string> {
  const dir = join(root, 'node_modules', '.cache', 'eks-login-tests');
  mkdirSync(dir, { recursive: true });
  const outfile = join(mkdtempSync(join(dir, 'child-')), 'child.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@napi-rs/keyring', 'proper-lockfile'],
    logLevel: 'warning',
  });
  return outfile;
}

export interface KeyringSessionOptions {
  /** Directory holding the keyring files (XDG_DATA_HOME of the daemon); reuse it to keep secrets across sessions. */
  dataDir: string;
  /** Password the daemon unlocks with; a different one than at creation leaves the keyring locked. */
  password?: string;
  env?: Record<string, string>;
  /** Start the daemon as D-Bus activation does (`--start`), before any keyring exists: no default collection. */
  noDefaultKeyring?: boolean;
}

/** Runs `script` (bash) inside a fresh session bus with gnome-keyring unlocked (or locked, see password). */
export function inKeyringSession(script: string, options: KeyringSessionOptions): SpawnSyncReturns<string> {
  const { args, env } = keyringSessionCommand(script, options);
  return spawnSync('dbus-run-session', args, { env, encoding: 'utf8', timeout: 30_000 });
}

/** The same without blocking the test process (its own servers keep answering the script's commands). */
export function runInKeyringSession(
  script: string,
  options: KeyringSessionOptions & { timeoutMs?: number },
): Promise<ProcessResult> {
  const { args, env } = keyringSessionCommand(script, options);
  return runProcess('dbus-run-session', args, { env, timeoutMs: options.timeoutMs ?? 60_000 });
}

function keyringSessionCommand(
  script: string,
  options: KeyringSessionOptions,
): { args: string[]; env: Record<string, string | undefined> } {
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...options.env,
    KEYRING_DIR: options.dataDir,
    KEYRING_PASS: options.password ?? 'throwaway',
  };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const inner = `
    ${options.noDefaultKeyring ? 'XDG_DATA_HOME="$KEYRING_DIR" gnome-keyring-daemon --start --components=secrets >/dev/null' : 'printf %s "$KEYRING_PASS" | XDG_DATA_HOME="$KEYRING_DIR" gnome-keyring-daemon --unlock --components=secrets >/dev/null'}
    for _ in $(seq 50); do
      dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \\
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
      sleep 0.1
    done
    ${script}`;
  return { args: ['--', 'bash', '-c', inner], env };
}
