// The fast path's own mint (environment keys, no role) must not leave a token behind when a logout runs
// while it signs: logout bumps the generation first, the mint checks it after writing (issue: logout racing
// a refresh). The signer here runs a real logout-generation bump in the middle of signing.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bumpLogoutGeneration } from '../../../src/token/cache/logout-generation.node.js';
import { smithyPresigner } from '../../../src/token/sigv4-presigner.node.js';
import { planTokenRequestWithoutFiles } from '../../../src/token/token-request.js';
import { mintInFastPath } from '../../../src/token-lane/mint-env-keys.js';
import type { Presigner } from '../../../src/kernel/ports.js';

const env = {
  HOME: '/nonexistent',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE1234567890',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_REGION: 'eu-west-1',
};

async function mint(cacheDir: string, presigner: Presigner): Promise<{ code: number; out: string }> {
  const request = (await planTokenRequestWithoutFiles({
    flags: { cluster: 'demo' },
    env,
    record: undefined,
    profileSts: () => undefined,
  }))!;
  let out = '';
  const code = await mintInFastPath(
    request,
    {},
    env,
    cacheDir,
    (text) => (out += text),
    { write: () => undefined },
    () => presigner,
  );
  return { code, out };
}

const tokenFiles = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.json'));

describe('fast-path mint racing a logout', () => {
  it('caches the token when no logout ran', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'eks-login-fast-'));
    const { code, out } = await mint(cacheDir, smithyPresigner);
    expect(code).toBe(0);
    expect(out).toContain('k8s-aws-v1.');
    expect(tokenFiles(cacheDir)).toHaveLength(1);
  });

  it('prints the token but leaves none in the cache when a logout ran meanwhile', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'eks-login-fast-'));
    const loggingOut: Presigner = {
      presign: async (request, options) => {
        await bumpLogoutGeneration(cacheDir); // logout --all starts while this process signs
        return smithyPresigner.presign(request, options);
      },
    };
    const { code, out } = await mint(cacheDir, loggingOut);
    expect(code).toBe(0);
    expect(out).toContain('k8s-aws-v1.');
    expect(tokenFiles(cacheDir)).toEqual([]);
  });
});
