// The help a new user reads, through run(argv, ctx): bare `eks-login`, unknown commands, the exit codes, examples
// that never break inside a command at 80 columns, --version listed once, -o the output format everywhere
// (`admin bundle --out FILE`, `-o FILE` deprecated), and `sandbox` hidden where the package cannot run it.
import yargs, { type Argv } from 'yargs';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { commands } from '../../src/cli/commands/index.js';
import { completionCommand } from '../../src/cli/completion/completion-command.js';
import { breakCommand } from '../../src/cli/help.js';
import type { CommandFactory } from '../../src/cli/command.js';
import { createTestContext } from '../support/fakes.js';

const ALL: CommandFactory[] = [completionCommand, ...commands];
const nameOf = (spec: CommandFactory) => [spec.command].flat()[0]!.split(' ')[0]!;

async function help(argv: string[], columns = 80, sandboxInstalled = true) {
  const ctx = createTestContext({ columns, sandboxInstalled: () => sandboxInstalled });
  const code = await run(argv, ctx);
  return { code, stdout: ctx.stdout.text, stderr: ctx.stderr.text };
}

/** The example commands a command's builder declares, as the help prints them. */
function examplesOf(spec: CommandFactory): string[] {
  const found: string[] = [];
  const y = yargs([]);
  (y as unknown as { example: unknown }).example = (command: string) => (
    found.push(command.replace(/\$0/g, 'eks-login')),
    y
  );
  spec.builder(y as Argv);
  return found;
}

describe('bare and unknown commands', () => {
  it('bare `eks-login` prints the help with the list of commands on stdout, exit 0 (as kubectl)', async () => {
    const bare = await help([]);
    expect(bare.code).toBe(0);
    expect(bare.stderr).toBe('');
    expect(bare.stdout).toBe((await help(['--help'])).stdout);
    expect(bare.stdout).toMatch(/Commands:\n {2}eks-login completion \[shell\]/);
    expect(bare.stdout).not.toContain('Name a command');
    expect((await help(['--debug'])).stdout).toBe(bare.stdout);
  });

  it('an unknown command says so, suggests the near one and lists every command', async () => {
    const typo = await help(['tokn']);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toBe(
      'eks-login: unknown command "tokn"; did you mean token?\n' +
        '  hint: the commands are completion, setup, sync, token, login, logout, key, whoami, doctor, adopt, bundle, admin, sandbox; run `eks-login --help` for what each does\n',
    );
    const hidden = await help(['nope'], 80, false);
    expect(hidden.stderr).toContain(
      'the commands are completion, setup, sync, token, login, logout, key, whoami, doctor, adopt, bundle, admin;',
    );
  });

  it('`eks-login help [command]` is the help, as in kubectl', async () => {
    expect((await help(['help'])).stdout).toBe((await help(['--help'])).stdout);
    expect((await help(['help', 'whoami'])).stdout).toBe((await help(['whoami', '--help'])).stdout);
  });

  it("a known command with a bad action is still the command's own usage error", async () => {
    const bad = await help(['key', 'frob']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('hint: run `eks-login key --help`');
  });
});

describe('--help', () => {
  it("has an Exit codes section with the contract's codes, before the documentation line", async () => {
    const { stdout } = await help(['--help']);
    const section = stdout.slice(stdout.indexOf('Exit codes:'), stdout.indexOf('Documentation:'));
    expect(
      section
        .split('\n')
        .filter((line) => /^ {2}\d+ /.test(line))
        .map((line) => Number(line.trim().split(' ')[0])),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 130]);
    expect(section).toContain('130  interrupted (Ctrl-C)');
    expect(section).toContain('3  invalid bundle, kubeconfig or configuration');
    expect(section).toContain('5  access denied by AWS');
    expect(stdout.indexOf('Examples:')).toBeLessThan(stdout.indexOf('Exit codes:'));
  });

  it('--version is listed once, in the top-level help, and still works after a command', async () => {
    expect((await help(['--help'])).stdout).toContain('--version');
    for (const spec of ALL) {
      const { stdout, code } = await help([nameOf(spec), '--help']);
      expect(code, nameOf(spec)).toBe(0);
      expect(stdout, nameOf(spec)).not.toContain('--version');
    }
    const after = await help(['whoami', '--version']);
    expect(after.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  for (const columns of [80, 100]) {
    it(`examples at ${columns} columns: every line fits, every command is whole or broken only before an option or a pipe`, async () => {
      for (const spec of [undefined, ...ALL]) {
        const { stdout } = await help(spec ? [nameOf(spec), '--help'] : ['--help'], columns);
        const section = stdout.slice(stdout.indexOf('Examples:'));
        const lines = section.split('\n');
        for (const [i, line] of lines.entries()) {
          expect(line.length, line).toBeLessThanOrEqual(columns);
          if (line.endsWith(' \\')) expect(lines[i + 1], line).toMatch(/^ {6}(-|\||&&|>)/);
        }
        // Joined at the continuations, each example command appears whole on one line.
        const joined = section.replace(/ \\\n {6}/g, ' ').split('\n');
        for (const command of spec
          ? examplesOf(spec)
          : ['eks-login setup bundle.json', 'kubectl --context developers@demo get pods']) {
          expect(
            joined.some((line) => line.startsWith(`  ${command}`)),
            `${command} @${columns}`,
          ).toBe(true);
        }
      }
    });
  }

  it("a command that fits keeps yargs' table; one that does not is laid out as kubectl does", async () => {
    expect((await help(['doctor', '--help'], 100)).stdout).toContain(
      '  eks-login doctor                                    Check the current context\n',
    );
    expect((await help(['token', '--help'], 80)).stdout).toContain(
      '  # Assume a role first\n  eks-login token --cluster demo --region eu-west-1 \\\n      --role-arn arn:aws:iam::123456789012:role/developers\n',
    );
  });

  it('breaks a command only before an option, a pipe or &&, never inside a quoted word', () => {
    expect(breakCommand('eks-login token --cluster demo --region eu-west-1 | eks-login token --decode -', 60)).toEqual([
      'eks-login token --cluster demo --region eu-west-1 \\',
      '    | eks-login token --decode -',
    ]);
    expect(breakCommand('echo "a --b c" --d e', 12)).toEqual(['echo "a --b c" \\', '    --d e']);
    expect(breakCommand('eks-login whoami', 10)).toEqual(['eks-login whoami']);
  });
});

describe('-o is the output format everywhere', () => {
  it('every command with --output has -o for it, and no command has -o for anything else', async () => {
    for (const spec of ALL) {
      const { stdout } = await help([nameOf(spec), '--help'], 100);
      const short = stdout.split('\n').find((line) => line.startsWith('  -o, '));
      if (stdout.includes('--output')) expect(short, nameOf(spec)).toMatch(/^ {2}-o, --output /);
      else expect(short, nameOf(spec)).toBeUndefined();
    }
    expect((await help(['admin', '--help'], 100)).stdout).toMatch(
      /\n {6}--out +bundle: write the bundle to this file; export: write the output to/,
    );
  });
});

describe('the installed package', () => {
  it('hides `sandbox` from the help where it cannot run; a checkout lists it', async () => {
    const installed = await help(['--help'], 100, false);
    expect(installed.stdout).not.toContain('sandbox');
    expect((await help(['--help'], 100, true)).stdout).toContain('eks-login sandbox');
  });

  it('`sandbox` itself still answers (its own help; run, it says where it lives: test/e2e)', async () => {
    const ctx = createTestContext({ sandboxInstalled: () => false });
    expect(await run(['sandbox', '--help'], ctx)).toBe(0);
    expect(ctx.stdout.text).toContain('--world');
  });
});

describe('completion bash|zsh|fish', () => {
  it('prints the script of the shell named, whatever $SHELL says, and nothing on stderr', async () => {
    for (const [shell, mark] of [
      ['bash', 'complete -o bashdefault -o default -F _eks_login_completions eks-login'],
      ['zsh', '#compdef eks-login'],
      ['fish', "complete -c eks-login -f -a '(__eks_login_complete)'"],
    ] as const) {
      const ctx = createTestContext({ env: { SHELL: '/bin/fish' } });
      expect(await run(['completion', shell], ctx)).toBe(0);
      expect(ctx.stdout.text).toContain(mark);
      expect(ctx.stderr.text).toBe('');
    }
  });

  it('without a shell: the $SHELL script as before, and a warning naming what to run', async () => {
    const zsh = createTestContext({ env: { SHELL: '/usr/bin/zsh' } });
    expect(await run(['completion'], zsh)).toBe(0);
    expect(zsh.stdout.text).toContain('#compdef eks-login');
    expect(zsh.stderr.text).toBe(
      'eks-login: warning: no shell named: printing the zsh script (from $SHELL); name it, as in `eks-login completion zsh` (bash, zsh or fish)\n',
    );
    const none = createTestContext({ env: {} });
    expect(await run(['completion'], none)).toBe(0);
    expect(none.stdout.text).toContain('_eks_login_completions');
    expect(none.stderr.text).toContain('printing the bash script; name it');
  });

  it('an unknown shell is a usage error naming the choices', async () => {
    const ctx = createTestContext();
    expect(await run(['completion', 'tcsh'], ctx)).toBe(2);
    expect(ctx.stderr.text).toContain('Choices: "bash", "zsh", "fish"');
  });
});
