// The scripts (build, bench, demo) name source files by path strings that no import checks: every
// `src/…`/`packages/…` path a script names must exist, so a move of source files cannot silently break
// `npm run bench` or `npm run demo`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const scripts = readdirSync(join(root, 'scripts')).filter((name) => name.endsWith('.mjs'));

describe('paths named by scripts/', () => {
  it.each(scripts)('%s names only source files that exist', (name) => {
    const text = readFileSync(join(root, 'scripts', name), 'utf8');
    const named = [...text.matchAll(/['"`](?:\.\/)?((?:src|packages\/[\w-]+\/src)\/[\w./-]+\.ts)['"`]/g)].map(
      (m) => m[1]!,
    );
    expect(named.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it('the bench imports the token modules it seeds the cache with', () => {
    expect(readFileSync(join(root, 'scripts', 'bench.mjs'), 'utf8')).toMatch(/src\/token\/cache\/cache-entry\.ts/);
  });
});
