// Every command of the CLI has an in-process test here (run(argv, testContext) with fakes); this keeps it so.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';

const here = import.meta.dirname;
const tests = readdirSync(here)
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => readFileSync(join(here, name), 'utf8'))
  .join('\n');

describe('in-process tests', () => {
  // `sandbox` needs its own workspace package build; test/e2e/sandbox-command.test.ts runs it as a process.
  const names = [
    ...commands.map((c) => [c.command].flat()[0]!.split(' ')[0]!).filter((name) => name !== 'sandbox'),
    'completion',
  ];

  it.each(names)('%s runs through run() in test/cli', (name) => {
    // An argv array starting with the command's name (given to run() directly or through a constant).
    const argv = name === 'completion' ? /\['(completion|--get-yargs-completions)'/ : new RegExp(`\\['${name}'`);
    expect(tests).toMatch(argv);
    expect(tests).toMatch(/await run\(/);
  });
});
