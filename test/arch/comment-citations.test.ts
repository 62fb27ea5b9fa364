// Comments cite only documents of this repository: every `<name>.md` a source or test file names is a file of docs/ (or the
// README, CHANGELOG or CONTRIBUTING), and no comment points at documents that are not here (shared design notes, the old cli/services.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
const sources = [
  ...files(join(root, 'src')),
  ...files(join(root, 'packages', 'sandbox', 'src')),
  ...files(join(root, 'test')),
  ...files(join(root, 'scripts')),
].filter((file) => !file.endsWith('comment-citations.test.ts'));

describe('comment citations', () => {
  it('every .md a source file names is docs/<name>.md or README.md of this repository', () => {
    const offenders = sources.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:[\w./-]*\/)?([\w-]+\.md)\b/g)]
        .filter(
          (m) =>
            !(
              (m[0] === m[1] && ['README.md', 'CHANGELOG.md', 'CONTRIBUTING.md'].includes(m[1]!)) ||
              (existsSync(join(root, 'docs', m[1]!)) && /^(docs\/)?[\w-]+\.md$/.test(m[0]))
            ),
        )
        .map((m) => `${relative(root, file)}: ${m[0]}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no comment cites the shared token spec or the old cli/services.ts', () => {
    const offenders = sources
      .filter((file) => /token-spec|design\/[\w-]+\.md|cli\/services\.ts/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });
});
