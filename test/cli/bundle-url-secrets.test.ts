// Secrets in a bundle URL (issue 23 point 2): `setup https://user:password@host/b.json?token=…` and sync
// through run(): the password and the query value never appear on stdout or stderr (also with --debug and
// in every error and hint), nor in any file under HOME; the record holds the URL as ****, the secret store
// the rest, and sync joins them back to fetch. A record an older eks-login wrote in clear is migrated.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { sampleBundle } from '../support/bundles.js';
import { setupWorld, type SetupWorld } from '../support/setup-world.js';
import { useTempDirs } from '../support/temp-dir.js';
import { makeTestTls } from '../support/test-tls.js';

const tempDir = useTempDirs();
const SETUP = ['--group', 'developers', '--from-env', '--yes'];
const PASSWORD = 'Pa55w0rdInTheUrl';
const TOKEN = 'QueryT0kenValue';

/** Every file under `dir`, as text. */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push({ path, text: readFileSync(path, 'latin1') });
  }
  return out;
}

describe('secrets in a bundle URL', () => {
  const tls = makeTestTls();
  let server: Server;
  let port = 0;
  let body = JSON.stringify(sampleBundle());
  let status = 200;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
      const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      seen.push(`${auth} ${req.url}`);
      if (auth !== `mike:${PASSWORD}` || req.url !== `/acme.json?token=${TOKEN}&v=2`)
        return void res.writeHead(401).end();
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const url = () => `https://mike:${PASSWORD}@127.0.0.1:${port}/acme.json?token=${TOKEN}&v=2`;
  const shown = () => `https://****:****@127.0.0.1:${port}/acme.json?token=****&v=****`;

  function world(): SetupWorld {
    const dir = tempDir();
    writeFileSync(join(dir, 'ca.pem'), tls.caPem);
    body = JSON.stringify(sampleBundle());
    status = 200;
    return setupWorld(dir, { env: { AWS_CA_BUNDLE: join(dir, 'ca.pem') } });
  }
  const recordFile = (w: SetupWorld) => join(w.home, '.config', 'eks-login', 'bundles', 'acme.json');
  function expectNoSecretAnywhere(w: SetupWorld): void {
    const said = `${w.ctx.stdout.text}\n${w.ctx.stderr.text}`;
    expect(said).not.toContain(PASSWORD);
    expect(said).not.toContain(TOKEN);
    for (const file of filesUnder(w.home)) {
      expect(file.text, file.path).not.toContain(PASSWORD);
      expect(file.text, file.path).not.toContain(TOKEN);
    }
  }

  it('setup records the URL as **** and stores the secret part; sync fetches with it and prints ****', async () => {
    const w = world();
    expect(await run(['setup', url(), ...SETUP], w.ctx), w.ctx.stderr.text).toBe(0);
    const record = JSON.parse(readFileSync(recordFile(w), 'utf8'));
    expect(record).toMatchObject({ bundleSource: shown(), bundleSourceSecret: true });
    expect(JSON.parse(w.secrets.entries.get('bundle-url/acme')!)).toEqual({
      userinfo: `mike:${PASSWORD}`,
      query: `token=${TOKEN}&v=2`,
    });
    seen.length = 0;
    expect(await run(['sync'], w.ctx), w.ctx.stderr.text).toBe(0);
    expect(seen).toEqual([`mike:${PASSWORD} /acme.json?token=${TOKEN}&v=2`]);
    expect(w.ctx.stderr.text).toContain(`bundle acme (${shown()}): unchanged`);
    expect(await run(['sync', '--debug', '--dry-run'], w.ctx)).toBe(0);
    expectNoSecretAnywhere(w);
  });

  it('every failure names the URL as ****: HTTP status, pin mismatch, invalid bundle (with the bundle validate hint), renamed bundle', async () => {
    const w = world();
    status = 503;
    expect(await run(['setup', url(), ...SETUP], w.ctx)).toBe(6);
    expect(w.ctx.stderr.text).toContain(`answered HTTP 503 for ${shown()}`);
    status = 200;
    expect(await run(['setup', url(), '--sha256', '0'.repeat(64), ...SETUP], w.ctx)).toBe(3);
    expect(w.ctx.stderr.text).toContain(`bundle ${shown()} does not match the pinned digest`);
    body = JSON.stringify({ ...sampleBundle(), extra: 1 });
    expect(await run(['setup', url(), ...SETUP, '--debug'], w.ctx)).toBe(3);
    expect(w.ctx.stderr.text).toContain(`invalid bundle ${shown()}`);
    expect(w.ctx.stderr.text).toContain('download it and check the file with `eks-login bundle validate bundle.json`');
    body = JSON.stringify(sampleBundle());
    expect(await run(['setup', url(), ...SETUP], w.ctx)).toBe(0);
    body = JSON.stringify({ ...sampleBundle(), name: 'other' });
    expect(await run(['sync'], w.ctx)).toBe(3);
    expect(w.ctx.stderr.text).toContain(`${shown()} now holds bundle other`);
    status = 404;
    expect(await run(['sync', '--debug'], w.ctx)).toBe(6);
    expect(await run(['setup', url().replace('https:', 'http:'), ...SETUP], w.ctx)).toBe(2);
    expectNoSecretAnywhere(w);
  });

  it('a record an older eks-login wrote with the URL in clear is migrated by the next sync: the secret moves to the store', async () => {
    const w = world();
    expect(await run(['setup', url(), ...SETUP], w.ctx)).toBe(0);
    const record = JSON.parse(readFileSync(recordFile(w), 'utf8'));
    delete record.bundleSourceSecret;
    writeFileSync(recordFile(w), JSON.stringify({ ...record, bundleSource: url() }));
    w.secrets.entries.delete('bundle-url/acme');
    w.ctx.stderr.text = '';
    expect(await run(['sync'], w.ctx)).toBe(0);
    expect(w.ctx.stderr.text).toContain(`bundle acme (${shown()}): unchanged`);
    expect(JSON.parse(readFileSync(recordFile(w), 'utf8'))).toMatchObject({
      bundleSource: shown(),
      bundleSourceSecret: true,
    });
    expect(w.secrets.entries.has('bundle-url/acme')).toBe(true);
    expectNoSecretAnywhere(w);
    // The store lost it: sync says so (exit 7) and what to run, without guessing the URL.
    w.secrets.entries.delete('bundle-url/acme');
    expect(await run(['sync'], w.ctx)).toBe(7);
    expect(w.ctx.stderr.text).toContain("the URL's credentials are not in memory (account bundle-url/acme)");
  });
});
