// Secrets in a bundle URL as real processes (issue 23 point 2): the built CLI runs setup and sync from
// `https://user:password@127.0.0.1/acme.json?token=…` (Basic auth and the token checked by the server),
// with moto as STS and a real Secret Service (gnome-keyring on a private bus, its files outside HOME). The
// password and the token never appear on stdout or stderr (--debug included), nor in any file under HOME.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSecretService, runInKeyringSession } from '../support/keyring-session.js';
import { type Moto, startMoto, writeMotoBundle } from '../support/moto.js';
import { BIN } from '../support/run-process.js';
import { useTempDirs } from '../support/temp-dir.js';
import { makeTestTls } from '../support/test-tls.js';
import { hasMoto } from '../support/tools.js';

const tempDir = useTempDirs();
const PASSWORD = 'Pr0cessPa55word';
const TOKEN = 'Pr0cessQueryT0ken';

function filesUnder(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, text: readFileSync(path, 'latin1') }];
  });
}

describe.skipIf(!hasMoto() || !hasSecretService())('bundle URL secrets, real processes', () => {
  const tls = makeTestTls();
  let moto: Moto;
  let server: Server;
  let body = '';
  let status = 200;
  beforeAll(async () => {
    moto = await startMoto();
    server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
      const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      if (auth !== `mike:${PASSWORD}` || req.url !== `/acme.json?token=${TOKEN}`) return void res.writeHead(401).end();
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }, 60_000);
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await moto?.stop();
  });

  it('setup, sync, sync --debug and a failing sync never print or write the password or the token', async () => {
    const dir = tempDir();
    const { home, bundlePath } = writeMotoBundle(dir, moto.roles);
    body = readFileSync(bundlePath, 'utf8');
    writeFileSync(join(dir, 'ca.pem'), tls.caPem);
    const ring = join(dir, 'keyring');
    mkdirSync(ring);
    const port = (server.address() as AddressInfo).port;
    const url = `https://mike:${PASSWORD}@127.0.0.1:${port}/acme.json?token=${TOKEN}`;
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      EKS_LOGIN_KEYRING: 'system',
      AWS_CA_BUNDLE: join(dir, 'ca.pem'),
      ...moto.userEnv('developer-mike'),
    };
    const cli = `"${process.execPath}" "${BIN}"`;
    const first = await runInKeyringSession(
      [
        `cd "${dir}"`,
        `${cli} setup '${url}' --group developers --from-env --yes; echo "rc=$?"`,
        `${cli} sync; echo "rc=$?"`,
        `${cli} sync --dry-run --debug; echo "rc=$?"`,
      ].join('\n'),
      { dataDir: ring, env },
    );
    expect(first.stdout.match(/rc=\d+/g), first.stderr).toEqual(['rc=0', 'rc=0', 'rc=0']);
    expect(first.stderr).toContain(`bundle acme (https://****:****@127.0.0.1:${port}/acme.json?token=****): unchanged`);
    status = 503;
    const second = await runInKeyringSession(`${cli} sync --debug; echo "rc=$?"`, { dataDir: ring, env });
    expect(second.stdout).toContain('rc=6');
    expect(second.stderr).toContain(`answered HTTP 503 for https://****:****@127.0.0.1:${port}/acme.json?token=****`);
    for (const said of [first.stdout, first.stderr, second.stdout, second.stderr]) {
      expect(said).not.toContain(PASSWORD);
      expect(said).not.toContain(TOKEN);
    }
    const record = JSON.parse(readFileSync(join(home, '.config', 'eks-login', 'bundles', 'acme.json'), 'utf8'));
    expect(record).toMatchObject({
      bundleSource: `https://****:****@127.0.0.1:${port}/acme.json?token=****`,
      bundleSourceSecret: true,
    });
    for (const file of filesUnder(home)) {
      expect(file.text, file.path).not.toContain(PASSWORD);
      expect(file.text, file.path).not.toContain(TOKEN);
    }
  }, 120_000);
});
