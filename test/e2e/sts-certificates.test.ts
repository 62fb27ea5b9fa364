// Certificates from a trusted CA that are wrong in another way, on the AWS SDK's path (STS for token, IAM for
// key rotate): the message names the expiry date or the names the certificate is for, and the hint does not
// send the user to add a CA (AWS_CA_BUNDLE is already trusting it). Real processes, a loopback https server.
import { writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialsHome, testBundle } from '../support/credentials-home.js';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy.js';
import { runCli } from '../support/run-process.js';
import { makeTestTls } from '../support/test-tls.js';
import { hasOpenssl } from '../support/tools.js';

const ROLE = 'arn:aws:iam::123456789012:role/developers';
const KEY = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const ok = hasOpenssl();
let expired: Server;
let valid: Server;
let expiredCa: string;
let validCa: string;
let proxy: ForwardProxy;
const home = createCredentialsHome();

const listen = async (server: Server): Promise<number> => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
};

let expiredPort = 0;
let validPort = 0;
beforeAll(async () => {
  if (!ok) return;
  const old = makeTestTls({ serverDays: -1 });
  const good = makeTestTls({ dnsNames: ['sts.corp.example'] });
  expired = createHttpsServer({ cert: old.certPem, key: old.keyPem }, (_req, res) => res.end('never read'));
  valid = createHttpsServer({ cert: good.certPem, key: good.keyPem }, (_req, res) => res.end('never read'));
  expiredPort = await listen(expired);
  validPort = await listen(valid);
  expiredCa = join(home.dir, 'expired-ca.pem');
  validCa = join(home.dir, 'valid-ca.pem');
  writeFileSync(expiredCa, old.caPem);
  writeFileSync(validCa, good.caPem);
  // wrong.corp.example is served by the certificate for sts.corp.example, 127.0.0.1 and localhost.
  proxy = await startForwardProxy({ 'wrong.corp.example:443': `127.0.0.1:${validPort}` });
});
afterAll(async () => {
  if (!ok) return;
  await proxy.close();
  await new Promise<void>((r) => expired.close(() => r()));
  await new Promise<void>((r) => valid.close(() => r()));
  home.remove();
});

describe.skipIf(!ok)('certificate faults on the STS and IAM paths (built CLI)', () => {
  it('token: STS with an expired certificate names the expiry date, no CA hint', async () => {
    const run = await runCli(['token', '--cluster', 'demo', '--region', 'eu-west-1', '--role-arn', ROLE], {
      env: { ...home.env, ...KEY, AWS_CA_BUNDLE: expiredCa, AWS_ENDPOINT_URL_STS: `https://127.0.0.1:${expiredPort}` },
      timeoutMs: 30_000,
    });
    expect(run.status).toBe(6);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(
        `STS at https://127\\.0\\.0\\.1:${expiredPort}/? presented a certificate that expired on \\w{3} +\\d+ \\d\\d:\\d\\d:\\d\\d \\d{4} GMT`,
      ),
    );
    expect(run.stderr).toContain('renew');
    expect(run.stderr).not.toMatch(/AWS_CA_BUNDLE|add its CA/);
  });

  it('token: STS under a name the certificate is not for names both, no CA hint', async () => {
    const run = await runCli(['token', '--cluster', 'demo', '--region', 'eu-west-1', '--role-arn', ROLE], {
      env: {
        ...home.env,
        ...KEY,
        AWS_CA_BUNDLE: validCa,
        HTTPS_PROXY: proxy.url,
        AWS_ENDPOINT_URL_STS: 'https://wrong.corp.example',
      },
      timeoutMs: 30_000,
    });
    expect(run.status).toBe(6);
    expect(run.stderr).toMatch(
      /STS at https:\/\/wrong\.corp\.example\/? presented a certificate for other names \(.*DNS:sts\.corp\.example.*\), not wrong\.corp\.example/,
    );
    expect(run.stderr).not.toMatch(/AWS_CA_BUNDLE|add its CA/);
  });

  it('key rotate: IAM with an expired certificate names the expiry date, the stored key kept', async () => {
    const rotating = createCredentialsHome();
    try {
      rotating.setUp(
        testBundle([{ name: 'developers', roleArn: ROLE }]),
        {
          name: 'mike',
          arn: 'arn:aws:iam::123456789012:user/mike',
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: 'secret',
        },
        'developers',
      );
      const before = rotating.secrets()['access-key/acme'];
      const run = await runCli(['key', 'rotate', '--bundle', 'acme'], {
        env: {
          ...rotating.env,
          AWS_CA_BUNDLE: expiredCa,
          AWS_ENDPOINT_URL_IAM: `https://127.0.0.1:${expiredPort}`,
          AWS_ENDPOINT_URL_STS: `https://127.0.0.1:${expiredPort}`,
        },
        timeoutMs: 30_000,
      });
      expect(run.status).toBe(6);
      expect(run.stderr).toMatch(/presented a certificate that expired on \w{3} +\d+ \d\d:\d\d:\d\d \d{4} GMT/);
      expect(run.stderr).not.toMatch(/AWS_CA_BUNDLE|add its CA/);
      expect(rotating.secrets()['access-key/acme']).toBe(before);
    } finally {
      rotating.remove();
    }
  });
});
