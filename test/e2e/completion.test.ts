// Shell completion of context names (--context, login <context>) from the kubeconfig and of bundle
// names (--bundle) from the setup records, through the real process and the real bash function that
// `eks-login completion bash` prints, and the zsh (with and without compinit) and fish scripts in those shells;
// zsh gets its `name:description` escaping. Never an error on stderr.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sampleBundle } from '../support/bundles.js';
import { BIN, runCliSync } from '../support/run-process.js';
import { useTempDirs } from '../support/temp-dir.js';
import { hasFish, hasZsh } from '../support/tools.js';

const tempDir = useTempDirs();
let home: string;
const OWNED = 'developers@demo';
const FOREIGN = 'arn:aws:eks:eu-west-1:123456789012:cluster/other';

const mark = {
  extensions: [
    {
      name: 'eks-login',
      extension: { 'managed-by': 'eks-login', bundle: 'acme', group: 'developers', cluster: 'demo' },
    },
  ],
};
function kubeconfig(): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [],
    users: [],
    contexts: [
      { name: OWNED, context: { cluster: OWNED, user: OWNED, ...mark } },
      { name: FOREIGN, context: { cluster: FOREIGN, user: FOREIGN } },
    ],
  });
}

beforeEach(() => {
  home = tempDir();
  mkdirSync(join(home, '.kube'));
  writeFileSync(join(home, '.kube', 'config'), kubeconfig());
  const setups = join(home, '.config', 'eks-login', 'bundles');
  mkdirSync(setups, { recursive: true });
  for (const name of ['acme', 'globex']) {
    const record = {
      version: 1,
      bundle: sampleBundle({ name }),
      group: 'developers',
      groups: ['developers'],
      source: { kind: 'profile', profile: 'dev' },
      kubeconfigPath: join(home, '.kube', 'config'),
      contexts: [OWNED],
      setupAt: '2025-01-01T00:00:00Z',
    };
    writeFileSync(join(setups, `${name}.json`), JSON.stringify(record));
  }
});

const complete = (words: string[], env: Record<string, string> = {}) => {
  const run = runCliSync(['--get-yargs-completions', 'eks-login', ...words], { env: { HOME: home, ...env } });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout.split('\n').filter(Boolean);
};

describe('completion of values', () => {
  it('--context of whoami and doctor: every kubeconfig context; of login and logout: the ones setup wrote', () => {
    expect(complete(['whoami', '--context', ''])).toEqual([FOREIGN, OWNED]);
    expect(complete(['doctor', '--context', 'dev'])).toEqual([OWNED]);
    expect(complete(['logout', '--context', ''])).toEqual([OWNED]);
    expect(complete(['login', ''])).toEqual([OWNED]);
    expect(complete(['login', '--force', 'de'])).toEqual([OWNED]);
  });

  it('--bundle: the bundles set up on this machine', () => {
    expect(complete(['token', '--bundle', ''])).toEqual(['acme', 'globex']);
    expect(complete(['token', '--cluster', 'demo', '--bundle', 'g'])).toEqual(['globex']);
  });

  it('token --<TAB> offers --no-cache; commands and flags still come from yargs', () => {
    expect(complete(['token', '--'])).toEqual(expect.arrayContaining(['--no-cache', '--cluster', '--bundle']));
    expect(complete(['who'])).toContain('whoami');
  });

  it('zsh: colons in names are escaped for its name:description list', () => {
    expect(complete(['whoami', '--context', ''], { SHELL: '/bin/zsh' })).toEqual([FOREIGN.replace(/:/g, '\\:'), OWNED]);
  });

  it('a broken or missing kubeconfig completes nothing, silently', () => {
    const broken = join(tempDir(), 'config');
    writeFileSync(broken, 'clusters: [unclosed\n');
    expect(complete(['whoami', '--context', ''], { KUBECONFIG: broken })).toEqual([]);
    expect(complete(['whoami', '--context', ''], { KUBECONFIG: '/nonexistent' })).toEqual([]);
    expect(complete(['token', '--bundle', ''], { XDG_CONFIG_HOME: '/nonexistent' })).toEqual([]);
  });

  it('through the bash function `eks-login completion bash` prints', () => {
    const script = [
      'source <(eks-login completion bash)',
      'COMP_WORDS=(eks-login whoami --context ""); COMP_CWORD=3; _eks_login_completions; printf "%s\\n" "${COMPREPLY[@]}"',
      'COMP_WORDS=(eks-login login d); COMP_CWORD=2; _eks_login_completions; printf "%s\\n" "${COMPREPLY[@]}"',
      'COMP_WORDS=(eks-login who); COMP_CWORD=1; _eks_login_completions; printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const run = inShell('bash', ['-c', script], { SHELL: '/usr/bin/zsh' }); // the login shell does not matter
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([FOREIGN, OWNED, OWNED, 'whoami']);
  });
});

/** Runs a shell with the built eks-login first on PATH and the test's HOME. */
function inShell(shell: string, args: string[], env: Record<string, string> = {}) {
  const bin = tempDir();
  symlinkSync(BIN, join(bin, 'eks-login'));
  return spawnSync(shell, args, {
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: home, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe.skipIf(!hasZsh())('zsh', () => {
  it('a plain zsh without compinit: sourcing says nothing and registers the completion (compctl)', () => {
    const run = inShell('zsh', [
      '-f',
      '-c',
      'source <(eks-login completion zsh) && print -r -- "compdef:${+functions[compdef]}" && compctl -L eks-login && _eks_login_candidates eks-login whoami --context ""',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      'compdef:0',
      'compctl -K _eks_login_compctl eks-login',
      FOREIGN.replace(/:/g, '\\:'),
      OWNED,
    ]);
  });

  it('with compinit loaded it registers through compdef', () => {
    const run = inShell('zsh', [
      '-f',
      '-c',
      'autoload -Uz compinit && compinit -u -d "$HOME/.zcompdump" && source <(eks-login completion zsh) && print -r -- "$_comps[eks-login]"',
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('_eks_login');
  });
});

describe.skipIf(!hasFish())('fish', () => {
  it("completes commands, contexts and bundles through fish's own completion engine", () => {
    const run = inShell('fish', [
      '--no-config',
      '-c',
      'eks-login completion fish | source; complete -C"eks-login who"; complete -C"eks-login whoami --context "; complete -C"eks-login token --bundle g"',
    ]);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^whoami\tShow the AWS identity/);
    expect(lines.slice(1)).toEqual([FOREIGN, OWNED, 'globex']);
  });
});
