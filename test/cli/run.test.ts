// The CLI shell: help, version, usage errors and the error format, through run() with fakes.
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { createTestContext } from '../support/fakes.js';

describe('run', () => {
  it('prints help on stdout and exits 0', async () => {
    const ctx = createTestContext();
    expect(await run(['--help'], ctx)).toBe(0);
    expect(ctx.stdout.text).toContain('eks-login <command> [options]');
    expect(ctx.stdout.text).toContain('eks-login completion bash >> ~/.bashrc');
    expect(ctx.stderr.text).toBe('');
  });

  it('wraps help to the terminal width the context reports (at most 100)', async () => {
    const narrow = createTestContext({ columns: 60 });
    expect(await run(['--help'], narrow)).toBe(0);
    expect(Math.max(...narrow.stdout.text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(60);
    const wide = createTestContext({ columns: 300 });
    await run(['--help'], wide);
    expect(Math.max(...wide.stdout.text.split('\n').map((l) => l.length))).toBeGreaterThan(60);
  });

  it('prints the version', async () => {
    const ctx = createTestContext();
    expect(await run(['--version'], ctx)).toBe(0);
    expect(ctx.stdout.text.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an unknown command is a usage error: what was wrong, the commands, exit 2, nothing on stdout', async () => {
    const ctx = createTestContext();
    expect(await run(['frobnicate'], ctx)).toBe(2);
    expect(ctx.stdout.text).toBe('');
    const lines = ctx.stderr.text.trimEnd().split('\n');
    expect(lines[0]).toBe('eks-login: unknown command "frobnicate"');
    expect(lines[1]).toMatch(
      /^  hint: the commands are completion, setup, sync, token, .*; run `eks-login --help` for what each does$/,
    );
  });

  it('completion --help is help with an example, not the script', async () => {
    const ctx = createTestContext();
    expect(await run(['completion', '--help'], ctx)).toBe(0);
    expect(ctx.stdout.text).toMatch(/Examples:[\s\S]*eks-login completion bash >> ~\/\.bashrc/);
    expect(ctx.stdout.text).not.toContain('complete -o');
  });

  it('answers the completion script: commands, then the flags of a command', async () => {
    const ctx = createTestContext();
    expect(await run(['--get-yargs-completions', 'eks-login', 'to'], ctx)).toBe(0);
    expect(ctx.stdout.text.split('\n')).toEqual(expect.arrayContaining(['completion', 'token', 'setup']));
    const flags = createTestContext();
    await run(['--get-yargs-completions', 'eks-login', 'token', '--'], flags);
    expect(flags.stdout.text.split('\n')).toEqual(expect.arrayContaining(['--cluster', '--region', '--role-arn']));
  });
});
