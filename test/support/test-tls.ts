// A throwaway CA and a 127.0.0.1 server certificate made with the openssl CLI, for HTTPS test servers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/**
 * Creates a CA and a server certificate for 127.0.0.1/localhost (plus `dnsNames`, e.g. `*.amazonaws.com` for a
 * server that a test proxy presents under AWS host names) signed by it (~100 ms). `serverDays: -1` makes a server
 * certificate that expired yesterday (its CA still valid).
 */
export function makeTestTls(options: { dnsNames?: string[]; serverDays?: number } = {}): TestTls {
  const dir = mkdtempSync(join(tmpdir(), 'eks-login-tls-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    ssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=eks-login test CA',
    );
    ssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=127.0.0.1',
    );
    const names = ['IP:127.0.0.1', 'DNS:localhost', ...(options.dnsNames ?? []).map((n) => `DNS:${n}`)];
    writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=${names.join(',')}\n`);
    ssl(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      String(options.serverDays ?? 2),
      '-extfile',
      'ext.cnf',
    );
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    return { caPem: read('ca.pem'), certPem: read('server.pem'), keyPem: read('server.key') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
