// The bad-bundle corpus through the CLI shell: every case is exit 3 with its problem lines on stderr,
// and `setup` refuses the same bundles before it asks for anything.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { BAD_BUNDLES, badBundle } from '../support/bad-bundles.js';
import { createTestContext } from '../support/fakes.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();

describe('bad bundles through the CLI', () => {
  it.each(BAD_BUNDLES.map((c) => [c.name, c] as const))('%s: exit 3 naming the problem', async (_name, entry) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'b.json'), JSON.stringify(badBundle(entry)));
    for (const argv of [
      ['bundle', 'validate', 'b.json'],
      ['setup', 'b.json', '--group', 'developers', '--from-env', '--yes'],
    ]) {
      const ctx = createTestContext({ cwd: dir, env: { HOME: dir } });
      expect(await run(argv, ctx)).toBe(3);
      expect(ctx.stdout.text).toBe('');
      for (const line of entry.problems) {
        if (line.startsWith('^')) expect(ctx.stderr.text).toMatch(new RegExp(line.slice(1, -1)));
        else expect(ctx.stderr.text).toContain(`\n  ${line}\n`);
      }
    }
  });
});
