// `eks-login sync` and https bundle sources through run(): a bundle file changed in place, a published
// https bundle (its own CA via NODE_EXTRA_CA_CERTS is not read by a running process, so AWS_CA_BUNDLE),
// pins, an unreachable host, hand-made and renamed contexts. Fakes for STS and the secret store.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import type { Bundle } from '../../src/record/bundle-types.js';
import { CA_DATA, CA2_PEM, CA_PEM, sampleBundle } from '../support/bundles.js';
import { setupWorld, type SetupWorld } from '../support/setup-world.js';
import { useTempDirs } from '../support/temp-dir.js';
import { makeTestTls } from '../support/test-tls.js';
import { runProcess } from '../support/run-process.js';
import { hasKubectl } from '../support/tools.js';

const tempDir = useTempDirs();
const SETUP = ['--group', 'developers', '--from-env', '--yes'];
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const kube = (w: SetupWorld) =>
  load(readFileSync(w.kubeconfig, 'utf8')) as {
    contexts: Array<{ name: string; context: Record<string, unknown> }>;
    clusters: Array<{ name: string; cluster: Record<string, unknown> }>;
  };
const rotatedCa = Buffer.from(`${CA_PEM.trim()}\n${CA2_PEM.trim()}\n`).toString('base64');

describe('sync from a local file', () => {
  it('unchanged: says so and leaves the kubeconfig byte-identical (not rewritten)', async () => {
    const w = setupWorld(tempDir());
    expect(await run(['setup', 'acme.json', ...SETUP], w.ctx)).toBe(0);
    const before = readFileSync(w.kubeconfig, 'utf8');
    w.ctx.stderr.text = '';
    expect(await run(['sync'], w.ctx)).toBe(0);
    expect(w.ctx.stderr.text).toContain(`bundle acme (${join(w.ctx.cwd, 'acme.json')}): unchanged`);
    expect(readFileSync(w.kubeconfig, 'utf8')).toBe(before);
    expect(() => readFileSync(`${w.kubeconfig}.eks-login.bak`)).toThrow();
  });

  it('a file changed in place: CA rotated (two certificates), endpoint moved, cluster removed and added, one line each', async () => {
    const w = setupWorld(tempDir());
    await run(['setup', 'acme.json', ...SETUP], w.ctx);
    const next = sampleBundle();
    next.clusters[0] = { ...next.clusters[0]!, certificateAuthorityData: rotatedCa };
    next.clusters[1] = {
      name: 'staging',
      region: 'eu-west-1',
      endpoint: 'https://127.0.0.1:7443',
      certificateAuthorityData: CA_DATA,
    };
    next.groups[1]!.clusters = ['staging'];
    writeFileSync(join(w.ctx.cwd, 'acme.json'), JSON.stringify(next));
    // A namespace the person set on a context survives the sync.
    const doc = kube(w);
    doc.contexts.find((c) => c.name === 'developers@demo')!.context.namespace = 'team-a';
    const { dump } = await import('js-yaml');
    writeFileSync(w.kubeconfig, dump(doc));
    w.ctx.stderr.text = '';
    expect(await run(['sync', '--dry-run'], w.ctx)).toBe(0);
    expect(w.ctx.stderr.text).toContain('changes found (dry run, nothing written)');
    expect(w.ctx.stdout.text).toContain('+++ ');
    expect(await run(['sync'], w.ctx)).toBe(0);
    const said = w.ctx.stderr.text;
    expect(said).toContain('context developers@demo updated: CA rotated');
    expect(said).toContain('context developers@staging added');
    expect(said).toContain(
      'context developers@prod removed: cluster prod is no longer in bundle acme for group developers',
    );
    const after = kube(w);
    expect(after.contexts.map((c) => c.name).sort()).toEqual(['developers@demo', 'developers@staging']);
    expect(after.contexts.find((c) => c.name === 'developers@demo')!.context.namespace).toBe('team-a');
    expect(after.clusters.find((c) => c.name === 'developers@demo')!.cluster['certificate-authority-data']).toBe(
      rotatedCa,
    );
    const record = JSON.parse(readFileSync(join(w.home, '.config', 'eks-login', 'bundles', 'acme.json'), 'utf8'));
    expect(record.bundle.clusters.map((c: { name: string }) => c.name)).toEqual(['demo', 'staging']);
    expect(w.secrets.entries.has('access-key/acme')).toBe(true);
    // Endpoint moved.
    next.clusters[0] = { ...next.clusters[0]!, endpoint: 'https://10.0.0.9:443' };
    writeFileSync(join(w.ctx.cwd, 'acme.json'), JSON.stringify(next));
    expect(await run(['sync', '--bundle', 'acme'], w.ctx)).toBe(0);
    expect(w.ctx.stderr.text).toContain('context developers@demo updated: endpoint moved to https://10.0.0.9:443');
  });

  it('warns about hand-made contexts that point at a removed entry, and keeps them', async () => {
    const w = setupWorld(tempDir());
    await run(['setup', 'acme.json', ...SETUP], w.ctx);
    const doc = kube(w) as unknown as Record<string, Array<Record<string, unknown>>>;
    doc.contexts!.push({
      name: 'mine',
      context: { cluster: 'developers@prod', user: 'developers@prod', namespace: 'x' },
    });
    const { dump } = await import('js-yaml');
    writeFileSync(w.kubeconfig, dump(doc));
    const next = sampleBundle();
    next.clusters = [next.clusters[0]!];
    next.groups[1]!.clusters = ['demo'];
    writeFileSync(join(w.ctx.cwd, 'acme.json'), JSON.stringify(next));
    expect(await run(['sync'], w.ctx)).toBe(0);
    expect(w.ctx.stderr.text).toContain(
      'warning: context mine (not written by eks-login) points at a cluster or user entry that is removed',
    );
    expect(kube(w).contexts.map((c) => c.name)).toContain('mine');
  });

  it('a context the person renamed keeps its namespace on the re-created context, and says so', async () => {
    const w = setupWorld(tempDir());
    await run(['setup', 'acme.json', ...SETUP], w.ctx);
    const doc = kube(w);
    const ctx = doc.contexts.find((c) => c.name === 'developers@demo')!;
    ctx.name = 'my-demo';
    ctx.context.namespace = 'team-a';
    const { dump } = await import('js-yaml');
    writeFileSync(w.kubeconfig, dump({ ...doc, 'current-context': 'my-demo' }));
    w.ctx.stderr.text = '';
    expect(await run(['setup', 'acme.json', '--yes'], w.ctx)).toBe(0);
    expect(w.ctx.stderr.text).toContain(
      'context my-demo removed: now named developers@demo (your namespace team-a carried over)',
    );
    expect(kube(w).contexts.find((c) => c.name === 'developers@demo')!.context.namespace).toBe('team-a');
  });

  it('a pinned local file that changed is exit 3 naming both digests and changes nothing; --sha256 NEW applies and re-pins', async () => {
    const w = setupWorld(tempDir());
    const text = readFileSync(join(w.ctx.cwd, 'acme.json'), 'utf8');
    expect(await run(['setup', 'acme.json', '--sha256', sha(text), ...SETUP], w.ctx)).toBe(0);
    const next = sampleBundle();
    next.clusters[1] = { ...next.clusters[1]!, endpoint: 'https://moved.example:443' };
    const nextText = JSON.stringify(next);
    writeFileSync(join(w.ctx.cwd, 'acme.json'), nextText);
    const before = readFileSync(w.kubeconfig, 'utf8');
    const recordFile = join(w.home, '.config', 'eks-login', 'bundles', 'acme.json');
    const record = readFileSync(recordFile, 'utf8');
    w.ctx.stderr.text = '';
    expect(await run(['sync'], w.ctx)).toBe(3);
    expect(w.ctx.stderr.text).toContain(`expected sha256 ${sha(text)}, got ${sha(nextText)}`);
    expect(readFileSync(w.kubeconfig, 'utf8')).toBe(before);
    expect(readFileSync(recordFile, 'utf8')).toBe(record);
    expect(await run(['sync', '--sha256', sha(nextText)], w.ctx)).toBe(0);
    expect(w.ctx.stderr.text).toContain(`pinned to sha256 ${sha(nextText)}`);
    expect(w.ctx.stderr.text).toContain('context developers@prod updated: endpoint moved to https://moved.example:443');
    expect(JSON.parse(readFileSync(recordFile, 'utf8')).bundleSha256).toBe(sha(nextText));
  });
});

describe('sync edges', () => {
  it('a recorded local file that vanished is exit 6 (an unreachable source), names the file, does not say "pass the path", changes nothing', async () => {
    const w = setupWorld(tempDir());
    expect(await run(['setup', 'acme.json', ...SETUP], w.ctx)).toBe(0);
    const source = join(w.ctx.cwd, 'acme.json');
    renameSync(source, join(w.ctx.cwd, 'moved.json'));
    const before = readFileSync(w.kubeconfig, 'utf8');
    w.ctx.stderr.text = '';
    expect(await run(['sync'], w.ctx)).toBe(6);
    expect(w.ctx.stderr.text).toContain(
      `cannot read the source of bundle acme, ${source}: no such file; nothing was changed`,
    );
    expect(w.ctx.stderr.text).not.toMatch(/pass the path/);
    expect(w.ctx.stderr.text).toContain('eks-login setup <bundle.json>');
    expect(readFileSync(w.kubeconfig, 'utf8')).toBe(before);
  });

  it('a bundle never set up is exit 3 for sync --bundle and key rotate --bundle alike', async () => {
    const w = setupWorld(tempDir());
    expect(await run(['setup', 'acme.json', ...SETUP], w.ctx)).toBe(0);
    w.ctx.stderr.text = '';
    expect(await run(['sync', '--bundle', 'nope'], w.ctx)).toBe(3);
    expect(w.ctx.stderr.text).toContain('bundle nope has not been set up');
    w.ctx.stderr.text = '';
    expect(await run(['key', 'rotate', '--bundle', 'nope'], w.ctx)).toBe(3);
    expect(w.ctx.stderr.text).toContain('bundle nope has not been set up');
  });

  it.skipIf(!hasKubectl())(
    'removing the cluster of the current context leaves current-context unset with a warning (kubectl reads none), never another cluster',
    async () => {
      const w = setupWorld(tempDir());
      expect(await run(['setup', 'acme.json', ...SETUP, '--use'], w.ctx)).toBe(0);
      const kubectl = (args: string[]) =>
        runProcess('kubectl', ['config', ...args, '--kubeconfig', w.kubeconfig], {
          env: { PATH: process.env.PATH ?? '', HOME: w.home },
        });
      const current = (await kubectl(['current-context'])).stdout.trim();
      expect(current).toMatch(/^developers@/);
      const next = sampleBundle();
      next.clusters = next.clusters.filter((c) => `developers@${c.name}` !== current);
      for (const g of next.groups) if (g.clusters) g.clusters = g.clusters.filter((c) => `developers@${c}` !== current);
      writeFileSync(join(w.ctx.cwd, 'acme.json'), JSON.stringify(next));
      w.ctx.stderr.text = '';
      expect(await run(['sync'], w.ctx)).toBe(0);
      expect(w.ctx.stderr.text).toContain(`context ${current} removed`);
      expect(w.ctx.stderr.text).toContain(
        `warning: the current context ${current} removed with its cluster, so no context is current now; pick one: kubectl config use-context <context>`,
      );
      const after = await kubectl(['current-context']);
      expect(after.status).not.toBe(0);
      expect(after.stderr).toContain('current-context is not set');
      // The other context is still there, and not made current behind the person's back.
      expect((await kubectl(['get-contexts', '-o', 'name'])).stdout.trim().split('\n')).toEqual(
        kube(w).contexts.map((c) => c.name),
      );
      expect(kube(w).contexts.map((c) => c.name)).not.toContain(current);
    },
  );
});

describe('https bundle sources', () => {
  const tls = makeTestTls();
  let server: Server;
  let base = '';
  let body = '';
  let status = 200;
  beforeAll(async () => {
    server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
      if (req.url === '/redirect-http') {
        res.writeHead(302, { location: 'http://127.0.0.1:1/acme.json' }).end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function world(bundle: Bundle = sampleBundle()): SetupWorld {
    const dir = tempDir();
    writeFileSync(join(dir, 'ca.pem'), tls.caPem);
    body = JSON.stringify(bundle);
    status = 200;
    return setupWorld(dir, { env: { AWS_CA_BUNDLE: join(dir, 'ca.pem') } });
  }

  it('setup from https with the right pin records the URL and the pin; sync follows the published change', async () => {
    const w = world();
    expect(await run(['setup', `${base}/acme.json`, '--sha256', sha(body), ...SETUP], w.ctx)).toBe(0);
    const recordFile = join(w.home, '.config', 'eks-login', 'bundles', 'acme.json');
    expect(JSON.parse(readFileSync(recordFile, 'utf8'))).toMatchObject({
      bundleSource: `${base}/acme.json`,
      bundleSha256: sha(body),
    });
    const next = sampleBundle();
    next.clusters[0] = { ...next.clusters[0]!, certificateAuthorityData: rotatedCa };
    body = JSON.stringify(next);
    expect(await run(['sync'], w.ctx)).toBe(3);
    expect(await run(['sync', '--bundle', 'acme', '--sha256', sha(body)], w.ctx)).toBe(0);
    expect(w.ctx.stderr.text).toContain('context developers@demo updated: CA rotated');
  });

  it('a wrong pin is exit 3 naming both digests: no key stored, no kubeconfig written', async () => {
    const w = world();
    const wrong = '0'.repeat(64);
    expect(await run(['setup', `${base}/acme.json`, '--sha256', wrong, ...SETUP], w.ctx)).toBe(3);
    expect(w.ctx.stderr.text).toContain(`expected sha256 ${wrong}, got ${sha(body)}; nothing was stored or written`);
    expect(w.secrets.calls).toEqual([]);
    expect(w.sts.calls).toEqual([]);
    expect(() => readFileSync(w.kubeconfig)).toThrow();
  });

  it('http:// is exit 2 saying https is required; a redirect to http is refused; a host that is down is exit 6 and sync changes nothing', async () => {
    const w = world();
    expect(await run(['setup', `http://127.0.0.1:1/acme.json`, ...SETUP], w.ctx)).toBe(2);
    expect(w.ctx.stderr.text).toContain('https is required');
    expect(await run(['setup', `${base}/redirect-http`, ...SETUP], w.ctx)).toBe(6);
    expect(w.ctx.stderr.text).toContain('only https redirects are followed');
    expect(await run(['setup', `${base}/acme.json`, ...SETUP], w.ctx)).toBe(0);
    const before = readFileSync(w.kubeconfig, 'utf8');
    status = 503;
    w.ctx.stderr.text = '';
    expect(await run(['sync'], w.ctx)).toBe(6);
    expect(w.ctx.stderr.text).toContain('answered HTTP 503');
    expect(readFileSync(w.kubeconfig, 'utf8')).toBe(before);
    const url = `https://127.0.0.1:1/acme.json`;
    const record = JSON.parse(readFileSync(join(w.home, '.config', 'eks-login', 'bundles', 'acme.json'), 'utf8'));
    writeFileSync(
      join(w.home, '.config', 'eks-login', 'bundles', 'acme.json'),
      JSON.stringify({ ...record, bundleSource: url }),
    );
    expect(await run(['sync'], w.ctx)).toBe(6);
    expect(readFileSync(w.kubeconfig, 'utf8')).toBe(before);
  });
});
