// Plays the person's side of an IAM Identity Center sign-in: starts eks-login, waits for the URL it prints
// on stderr, and "opens" it as a browser does (GET, follow the redirect to the loopback callback), with
// the sandbox CA. Bounded waits only.
import { spawn } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { BIN, cliEnv, type CliRun } from './run-cli.js';

export interface Page {
  status: number;
  location?: string;
  body: string;
}

/** One GET, no redirects followed; `ca` trusts the sandbox's HTTPS. */
export function browse(url: string, ca: string, timeoutMs = 10_000): Promise<Page> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const req = get(url, { ca, timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ...(res.headers.location ? { location: res.headers.location } : {}) }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

export interface RunningCli {
  /** Resolves with the first match of `pattern` in stderr (rejects after `timeoutMs` or when the process ends first). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  done: Promise<CliRun>;
  stderr(): string;
}

export function startCli(args: string[], env: Record<string, string | undefined>, timeoutMs = 90_000): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const l of listeners) l();
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(killer);
      for (const l of listeners) l();
      resolve({ status, stdout, stderr });
    });
  });
  let ended = false;
  void done.then(() => (ended = true));
  return {
    done,
    stderr: () => stderr,
    waitForStderr: (pattern, waitMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const match = stderr.match(pattern);
          if (match) finish(() => resolve(match));
          else if (ended || child.exitCode !== null) finish(() => reject(new Error(`eks-login ended before printing ${pattern}: ${stderr}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} on stderr within ${waitMs} ms: ${stderr}`))), waitMs);
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

/** The authorize URL eks-login printed (PKCE). */
export const AUTHORIZE_URL = /https:\/\/\S+\/authorize\?\S+/;
/** The device page URL and user code eks-login printed. */
export const DEVICE_URL = /https:\/\/\S+\/device\?user_code=(\S+)/;

/** The browser step of the PKCE flow: the authorize page redirects to the loopback callback, which is opened. */
export async function approveInBrowser(authorizeUrl: string, ca: string): Promise<{ redirect: string; callback: Page }> {
  const page = await browse(authorizeUrl, ca);
  if (page.status !== 302 || !page.location) throw new Error(`authorize answered ${page.status}: ${page.body}`);
  return { redirect: page.location, callback: await browse(page.location, ca) };
}
