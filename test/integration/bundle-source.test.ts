// Bundle sources: a FIFO or /dev/stdin is read at most 1 MiB + 1 (issue 13 item 10), --sha256 pins local
// files too, http:// and other schemes are exit 2, and the source is recorded as an absolute path.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBundleFile } from '../../src/bundle/bundle-file.node.js';
import { absoluteSource, loadBundleSource, normalizeSha256 } from '../../src/bundle/bundle-source.node.js';
import { sampleBundle } from '../support/bundles.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();
const noHttps = async () => {
  throw new Error('no https in this test');
};

describe('bundle sources', () => {
  it('a FIFO that never ends is cut after 1 MiB + 1 byte and refused as too large', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'bundle.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `cat /dev/zero > ${fifo}`], { stdio: 'ignore' });
    try {
      const { problems } = await checkBundleFile(fifo);
      expect(problems[0]?.message).toContain('a bundle may be at most 1 MiB');
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('a small bundle through a FIFO is read and validated', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'bundle.fifo');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(join(dir, 'b.json'), JSON.stringify(sampleBundle()));
    const writer = spawn('sh', ['-c', `cat ${join(dir, 'b.json')} > ${fifo}`], { stdio: 'ignore' });
    const { bundle, problems } = await checkBundleFile(fifo);
    writer.kill();
    expect(problems).toEqual([]);
    expect(bundle?.name).toBe('acme');
  });

  it('--sha256 pins a local file: the right digest loads, a wrong one is exit 3 naming both', async () => {
    const dir = tempDir();
    const text = JSON.stringify(sampleBundle());
    writeFileSync(join(dir, 'acme.json'), text);
    const digest = createHash('sha256').update(text).digest('hex');
    const loaded = await loadBundleSource('acme.json', dir, normalizeSha256(`sha256:${digest.toUpperCase()}`), noHttps);
    expect(loaded).toMatchObject({ source: join(dir, 'acme.json'), sha256: digest });
    const wrong = 'a'.repeat(64);
    await expect(loadBundleSource('acme.json', dir, wrong, noHttps)).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringContaining(`expected sha256 ${wrong}, got ${digest}; nothing was stored or written`),
    });
    expect(() => normalizeSha256('abc')).toThrow(/--sha256 abc: expected 64 hexadecimal digits/);
  });

  it('http:// and other schemes are exit 2 saying https is required', () => {
    for (const url of ['http://intranet.example/acme.json', 'ftp://x/acme.json']) {
      expect(() => absoluteSource(url, '/')).toThrow(
        expect.objectContaining({ exitCode: 2, message: expect.stringContaining('https is required') }),
      );
    }
    expect(absoluteSource('https://x.example/a.json', '/w')).toBe('https://x.example/a.json');
    expect(absoluteSource('../b/a.json', '/w/c')).toBe('/w/b/a.json');
  });
});
