// A real browser for the sign-in tests: Debian's chromium, headless, driven from the command line. It loads a
// URL (following redirects, as a person's browser does) and prints the DOM the page rendered (--dump-dom). It
// trusts nothing but the certificate it is told to (--ignore-certificate-errors-spki-list: the sandbox's key),
// resolves no name but loopback, and runs in a process group of its own that is killed after a bound.
import { spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { requireTool } from './tools.js';

export const hasChromium = (): boolean => requireTool('chromium', 'chromium', ['--version']);

/** base64(SHA-256(SubjectPublicKeyInfo)) of a certificate, the form chromium's SPKI list takes. */
export function spkiHash(certificate: X509Certificate): string {
  return createHash('sha256')
    .update(certificate.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}

/** The SPKI hashes of the certificate an https origin on loopback presents and of the CA in `caPem`. */
export async function spkiHashesOf(origin: string, caPem: string): Promise<string[]> {
  const url = new URL(origin);
  const leaf = await new Promise<X509Certificate>((resolve, reject) => {
    const socket = connect(
      {
        host: url.hostname,
        port: Number(url.port),
        ca: caPem,
        servername: url.hostname === '127.0.0.1' ? undefined : url.hostname,
      },
      () => {
        const peer = socket.getPeerX509Certificate();
        socket.destroy();
        if (peer) resolve(peer);
        else reject(new Error(`${origin} presented no certificate`));
      },
    );
    socket.setTimeout(10_000, () => socket.destroy(new Error(`${origin}: no TLS answer within 10 s`)));
    socket.on('error', reject);
  });
  return [spkiHash(leaf), spkiHash(new X509Certificate(caPem))];
}

export interface DumpedPage {
  /** The DOM after the page loaded; '' when chromium printed nothing. */
  dom: string;
  status: number | null;
  stderr: string;
  /** How long chromium ran. */
  ms: number;
}

/** Opens `url` in headless chromium and returns the DOM it rendered; killed (with its children) after `timeoutMs`. */
export async function dumpDom(
  url: string,
  options: { spkiHashes?: string[]; timeoutMs?: number } = {},
): Promise<DumpedPage> {
  const profile = mkdtempSync(join(tmpdir(), 'eks-login-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox', // tests run as root in CI; chromium refuses to start sandboxed as root
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--no-pings',
    '--metrics-recording-only',
    // Nothing but loopback: any other name fails to resolve.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    `--user-data-dir=${profile}`,
    ...(options.spkiHashes ? [`--ignore-certificate-errors-spki-list=${options.spkiHashes.join(',')}`] : []),
    '--dump-dom',
    url,
  ];
  const started = Date.now();
  const child = spawn('chromium', args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: profile },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let dom = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (dom += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killGroup = (): void => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(killGroup, options.timeoutMs ?? 60_000);
  try {
    const status = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code));
    });
    return { dom, status, stderr, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
    killGroup(); // helpers (zygote, utility processes) that outlived the browser
    rmSync(profile, { recursive: true, force: true });
  }
}
