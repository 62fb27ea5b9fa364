// `eks-login bundle validate` as a process: exit 0 for the shipped example, exit 3 with every problem on
// stderr for bad bundles, nothing on stdout then; --output json for CI.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BAD_BUNDLES, badBundle } from '../support/bad-bundles.js';
import { runCliSync } from '../support/run-process.js';
import { useTempDirs } from '../support/temp-dir.js';

const root = join(import.meta.dirname, '..', '..');
const tempDir = useTempDirs();

describe('eks-login bundle validate', () => {
  it('accepts examples/bundle.json', () => {
    const run = runCliSync(['bundle', 'validate', 'examples/bundle.json'], { cwd: root });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'examples/bundle.json: valid bundle acme: 2 clusters; groups developers (2 clusters), admins (1 cluster), sso-developers (2 clusters, IAM Identity Center), sso-admins (1 cluster, IAM Identity Center)\n',
    );
    expect(run.status).toBe(0);
  });

  it('lists every problem and exits 3', () => {
    const dir = tempDir();
    const bundle = badBundle(BAD_BUNDLES.find((c) => c.name === 'http endpoint')!);
    bundle.groups[0].roleArn = 'arn:aws:iam::12345:role/developers';
    writeFileSync(join(dir, 'b.json'), JSON.stringify(bundle));
    const run = runCliSync(['bundle', 'validate', 'b.json'], { cwd: dir });
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        'eks-login: invalid bundle b.json (2 problems):',
        '  clusters[1].endpoint: must be an https URL (got http)',
        '  groups[0].roleArn: must have a 12-digit account id (got "12345")',
        '  hint: fix the bundle (see docs/bundle.md), or ask its admin for a corrected one; check it with `eks-login bundle validate b.json`',
        '',
      ].join('\n'),
    );
  });

  it('a missing file and a 2 MiB file are exit 3', () => {
    const dir = tempDir();
    expect(runCliSync(['bundle', 'validate', 'nope.json'], { cwd: dir })).toMatchObject({
      status: 3,
      stderr: expect.stringContaining(`cannot read bundle ${join(dir, 'nope.json')}: no such file`),
    });
    writeFileSync(join(dir, 'big.json'), ' '.repeat(2 * 1024 * 1024));
    expect(runCliSync(['bundle', 'validate', 'big.json'], { cwd: dir })).toMatchObject({
      status: 3,
      stderr: expect.stringContaining('(file): is 2097152 bytes; a bundle may be at most 1 MiB'),
    });
  });

  it('a file that is not UTF-8 is exit 3 naming the line, not a silent replacement character', () => {
    const dir = tempDir();
    const text = JSON.stringify(
      badBundle({
        name: 'latin-1 template',
        mutate: (b) => (b.contextNameTemplate = '{group}@{cluster}-CHAR'),
        problems: [],
      }),
      null,
      2,
    );
    writeFileSync(join(dir, 'b.json'), Buffer.from(text.replace('CHAR', '\u00e9'), 'latin1'));
    const run = runCliSync(['bundle', 'validate', 'b.json'], { cwd: dir });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(
      `(file): is not UTF-8 text (a byte at line ${text.split('\n').findIndex((l) => l.includes('CHAR')) + 1} is not); save the bundle as UTF-8`,
    );
  });

  it('--output json prints the problems on stdout', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'b.json'), JSON.stringify(badBundle(BAD_BUNDLES[0]!)));
    const run = runCliSync(['bundle', 'validate', 'b.json', '--output', 'json'], { cwd: dir });
    expect(run.status).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({
      valid: false,
      problems: [{ path: 'apiVersion' }, { path: 'kind' }],
    });
  });
});
