// The published package, as users get it: `npm pack`, then `npm i -g ./eks-login-<version>.tgz` as the README's
// Install section writes it, into a throwaway prefix; the installed `eks-login` and `kubectl eks-login` run
// from there. The tarball holds LICENSE and no metafile or sandbox code, and `eks-login sandbox` fails there
// with exit 2 saying how to get it (docs/sandbox.md, "Where the sandbox lives").
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runProcess } from '../support/run-process.js';
import { hasKubectl } from '../support/tools.js';

const root = join(import.meta.dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

/** The shell lines of the README's Install section that start with `npm`, comments dropped. */
function readmeInstallCommands(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Install'), readme.indexOf('\n## ', readme.indexOf('## Install') + 1));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((b) => b.split('\n'))
    .flatMap((line) => line.replace(/\s+#.*$/, '').split('&&'))
    .map((command) => command.trim())
    .filter((command) => command.startsWith('npm '));
}

function sizeOf(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

describe('the published package', () => {
  it('npm pack lists bin/, dist/, LICENSE and CHANGELOG.md, but no metafile and no sandbox code', () => {
    const [pack] = JSON.parse(
      execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
    ) as Array<{ files: Array<{ path: string }> }>;
    const files = pack!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/eks-login',
        'bin/kubectl-eks_login',
        'bin/package.json',
        'dist/dispatch.cjs',
        'dist/hit.cjs',
        'LICENSE',
        'CHANGELOG.md',
        'README.md',
        'package.json',
      ]),
    );
    expect(
      files.filter(
        (f) => f.startsWith('packages/') || /(^|\/)worlds\//.test(f) || (f.startsWith('dist/') && /sandbox/.test(f)),
      ),
    ).toEqual([]);
    // The build's metafile (for test/arch/warm-path.test.ts) stays in the checkout: a third of the unpacked size.
    expect(files).not.toContain('dist/meta.json');
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('.github/'))).toEqual([]);
  });

  it('eks-login sandbox without the repo checkout: not in the help, and run anyway, exit 2 naming what to run', async () => {
    const install = mkdtempSync(join(tmpdir(), 'eks-login-installed-'));
    try {
      for (const entry of ['bin', 'dist', 'package.json'])
        cpSync(join(root, entry), join(install, entry), { recursive: true });
      const r = await runCli(['sandbox'], { bin: join(install, 'bin', 'eks-login'), env: { HOME: install } });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('eks-login: the sandbox is not part of this installation');
      expect(r.stderr).toContain('hint: run it from a clone of the eks-login repository: `npm ci && npm run sandbox`');
      const help = await runCli(['--help'], { bin: join(install, 'bin', 'eks-login'), env: { HOME: install } });
      expect(help.stdout).toContain('eks-login doctor');
      expect(help.stdout).not.toContain('sandbox');
      const checkout = await runCli(['--help'], { env: { HOME: install } });
      expect(checkout.stdout).toContain('eks-login sandbox');
    } finally {
      rmSync(install, { recursive: true, force: true });
    }
  });
});

describe('installed from the tarball as the README says', () => {
  let dir = '';
  let prefix = '';
  let binDir = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'eks-login-tarball-'));
    prefix = join(dir, 'prefix');
    mkdirSync(prefix);
    const [pack, install] = readmeInstallCommands().filter((c) => /^npm (pack|i -g \.\/)/.test(c));
    expect(pack).toBe('npm pack');
    expect(install).toBe(`npm i -g ./eks-login-${version}.tgz`); // the README names this version's tarball
    // dist/ is built by `npm test` before the suite; rebuilding here would race the other test files.
    execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: root, stdio: 'pipe' });
    // The README's line, into a throwaway prefix. Tests stay off the network: the one runtime dependency, the
    // keychain binding, is given as tarballs of the checkout's own copy (and its platform package) instead of
    // the registry's, and npm runs offline.
    const napi = join(root, 'node_modules', '@napi-rs');
    const deps = readdirSync(napi)
      .filter((name) => name.startsWith('keyring'))
      .map((name) => join(napi, name));
    execFileSync(npm, ['pack', ...deps, '--pack-destination', dir], { cwd: dir, stdio: 'pipe' });
    const depTarballs = readdirSync(dir)
      .filter((name) => name.startsWith('napi-rs-keyring'))
      .map((name) => `./${name}`);
    const args = install!.split(' ').slice(1);
    execFileSync(
      npm,
      [...args, ...depTarballs, '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'],
      { cwd: dir, stdio: 'pipe' },
    );
    binDir = process.platform === 'win32' ? prefix : join(prefix, 'bin');
  }, 180_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the installed eks-login runs, and the installed size stays within 10 MB (docs/performance.md)', async () => {
    const r = await runCli(['--version'], { bin: join(binDir, 'eks-login'), env: { HOME: dir } });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(version);
    expect(sizeOf(prefix)).toBeLessThanOrEqual(10 * 1024 * 1024);
    const installed = join(prefix, process.platform === 'win32' ? '' : 'lib', 'node_modules', 'eks-login');
    expect(
      readdirSync(installed)
        .filter((n) => n !== 'node_modules')
        .sort(),
    ).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'bin', 'dist', 'docs', 'examples', 'package.json']);
  });

  it.skipIf(!hasKubectl())(
    'kubectl eks-login runs the installed plugin (kubectl finds kubectl-eks_login on PATH)',
    async () => {
      const env = { PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`, HOME: dir };
      const list = await runProcess('kubectl', ['plugin', 'list'], { env });
      expect(list.stdout).toContain(join(binDir, 'kubectl-eks_login')); // kubectl-eks_login.cmd on Windows
      const version_ = await runProcess('kubectl', ['eks-login', '--version'], { env });
      expect([version_.status, version_.stdout.trim()]).toEqual([0, version]);
      const validate = await runProcess(
        'kubectl',
        ['eks-login', 'bundle', 'validate', join(root, 'examples', 'bundle.json')],
        { env },
      );
      expect(validate.status).toBe(0);
      expect(validate.stderr).toBe('');
    },
  );

  it('setup run from an npx cache warns that kubectl loses the plugin when that cache is cleared', async () => {
    const npx = join(dir, '_npx', '0123abcd', 'node_modules', 'eks-login');
    mkdirSync(join(npx, '..'), { recursive: true });
    cpSync(join(prefix, process.platform === 'win32' ? '' : 'lib', 'node_modules', 'eks-login'), npx, {
      recursive: true,
    });
    const r = await runCli(['setup', join(root, 'examples', 'bundle.json'), '--group', 'developers', '--dry-run'], {
      bin: join(npx, 'bin', 'eks-login'),
      env: { HOME: dir, EKS_LOGIN_KEYRING: 'file' },
    });
    expect(r.stderr).toContain(
      `eks-login: warning: eks-login runs from npx's cache (${join(npx, 'bin', 'eks-login')}); kubeconfig now points there, and kubectl cannot get credentials once that cache is cleared.`,
    );
    expect(r.stderr).toContain(
      `Install it for good with \`npm i -g eks-login\` (or, from a release tarball or a checkout's \`npm pack\`, \`npm i -g ./eks-login-<version>.tgz\`), then run \`eks-login sync\`.`,
    );
  });
});
