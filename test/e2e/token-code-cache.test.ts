// The warm path's code cache as kubectl meets it (token-lane/code-cache.ts): real processes of bin/eks-login. The
// first hit writes `code-<hash>.bin` (0600) beside the tokens, later hits use it without rewriting it, and a
// damaged, truncated, foreign or unsafe file is never fatal: the hit answers the same bytes, exit 0, and the
// file is written anew.
import { chmodSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { payloadOf } from '../../src/token-lane/code-cache-format.js';
import { useExampleKeyHome } from '../support/example-key-home.js';
import { runCli } from '../support/run-process.js';

const fixture = useExampleKeyHome('eks-login-code-cache-');
const args = ['token', '--cluster', 'demo', '--region', 'eu-west-1'];
const hitBundle = join(import.meta.dirname, '..', '..', 'dist', 'hit.cjs');

const cacheDir = (): string => join(fixture.home, 'cache', 'eks-login');
const codeCaches = (): string[] => readdirSync(cacheDir()).filter((name) => /^code-[0-9a-f]{16}\.bin$/.test(name));
const sound = (file: string): boolean => {
  const { size, mtimeMs } = statSync(hitBundle);
  return payloadOf(readFileSync(file), { size, mtimeMs }) !== undefined;
};

/** A minted token, then a first hit, which writes the code cache. */
async function warm(): Promise<{ stdout: string; file: string }> {
  const minted = await runCli(args, { env: fixture.env });
  expect(minted).toMatchObject({ status: 0, stderr: '' });
  expect(codeCaches()).toEqual([]); // a miss writes none: it would not hold the hit's functions
  const hit = await runCli(args, { env: fixture.env });
  expect(hit).toMatchObject({ status: 0, stderr: '', stdout: minted.stdout });
  const [name] = codeCaches();
  expect(name).toBeDefined();
  return { stdout: minted.stdout, file: join(cacheDir(), name!) };
}

describe('the warm path code cache (process)', () => {
  it('the first hit writes it 0600, the next hits use it as it is', async () => {
    const { stdout, file } = await warm();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(sound(file)).toBe(true);
    const before = statSync(file);
    for (let i = 0; i < 2; i++)
      expect(await runCli(args, { env: fixture.env })).toMatchObject({ status: 0, stderr: '', stdout });
    const after = statSync(file);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]); // used, not rewritten
    expect(readdirSync(cacheDir()).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['a flipped byte in one copy of the payload', (file: string) => flip(file, statSync(file).size - 100)],
    ['a flipped byte in the other copy', (file: string) => flip(file, 200)],
    ['a truncated file', (file: string) => truncateSync(file, Math.floor(statSync(file).size / 2))],
    ['an empty file', (file: string) => truncateSync(file, 0)],
    ['a file of other bytes', (file: string) => writeFileSync(file, Buffer.alloc(statSync(file).size, 7))],
    ['a file others may read', (file: string) => chmodSync(file, 0o644)],
  ])('%s: the same answer, exit 0, and the file written anew', async (_name, damage) => {
    const { stdout, file } = await warm();
    damage(file);
    const hit = await runCli(args, { env: fixture.env });
    expect(hit).toMatchObject({ status: 0, stderr: '', stdout });
    expect(sound(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await runCli(args, { env: fixture.env })).toMatchObject({ status: 0, stderr: '', stdout });
  });

  it('removes the code caches of other builds when it writes its own', async () => {
    const { file } = await warm();
    const stale = join(cacheDir(), 'code-0123456789abcdef.bin');
    writeFileSync(stale, readFileSync(file), { mode: 0o600 });
    truncateSync(file, 0);
    expect((await runCli(args, { env: fixture.env })).status).toBe(0);
    expect(codeCaches()).toEqual([file.slice(cacheDir().length + 1)]);
  });
});

function flip(file: string, at: number): void {
  const bytes = readFileSync(file);
  bytes[at] = bytes[at]! ^ 0xff;
  writeFileSync(file, bytes);
}
