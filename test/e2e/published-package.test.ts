// The published package (npm pack) holds the CLI without the sandbox, and there `eks-login sandbox` fails
// with exit 2 and says how to get it (docs/sandbox.md, "Where the sandbox lives").
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-process.js';

const root = join(import.meta.dirname, '..', '..');

describe('the published package', () => {
  it('npm pack lists bin/ and dist/ but no sandbox code', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const [pack] = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
    const files = pack!.files.map((f) => f.path);
    expect(files).toContain('bin/eks-login');
    expect(files).toContain('dist/entry.cjs');
    expect(files.filter((f) => f.startsWith('packages/') || /(^|\/)worlds\//.test(f) || (f.startsWith('dist/') && /sandbox/.test(f)))).toEqual([]);
    // The build's metafile (for test/arch/warm-path.test.ts) stays in the checkout: a third of the unpacked size.
    expect(files).not.toContain('dist/meta.json');
  });

  it('eks-login sandbox without the repo checkout: exit 2 naming what to run', async () => {
    const install = mkdtempSync(join(tmpdir(), 'eks-login-installed-'));
    try {
      for (const entry of ['bin', 'dist', 'package.json']) cpSync(join(root, entry), join(install, entry), { recursive: true });
      const r = await runCli(['sandbox'], { bin: join(install, 'bin', 'eks-login'), env: { HOME: install } });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('eks-login: the sandbox is not part of this installation');
      expect(r.stderr).toContain('hint: run it from a clone of the eks-login repository: `npm ci && npm run sandbox`');
    } finally {
      rmSync(install, { recursive: true, force: true });
    }
  });
});
