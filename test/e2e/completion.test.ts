// Shell completion of context names (--context, login <context>) from the kubeconfig and of bundle
// names (--bundle) from the setup records, through the real process and the real bash function that
// `eks-login completion` prints; zsh gets its `name:description` escaping. Never an error on stderr.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sampleBundle } from '../support/bundles.js';
import { BIN, runCliSync } from '../support/run-process.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();
let home: string;
const OWNED = 'developers@demo';
const FOREIGN = 'arn:aws:eks:eu-west-1:123456789012:cluster/other';

const mark = { extensions: [{ name: 'eks-login', extension: { 'managed-by': 'eks-login', bundle: 'acme', group: 'developers', cluster: 'demo' } }] };
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
    const record = { version: 1, bundle: sampleBundle({ name }), group: 'developers', groups: ['developers'], source: { kind: 'profile', profile: 'dev' }, kubeconfigPath: join(home, '.kube', 'config'), contexts: [OWNED], setupAt: '2025-01-01T00:00:00Z' };
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

  it('through the bash function `eks-login completion` prints', () => {
    const bin = tempDir();
    symlinkSync(BIN, join(bin, 'eks-login'));
    const script = [
      'source <(eks-login completion)',
      'COMP_WORDS=(eks-login whoami --context ""); COMP_CWORD=3; _eks-login_yargs_completions; printf "%s\\n" "${COMPREPLY[@]}"',
      'COMP_WORDS=(eks-login login d); COMP_CWORD=2; _eks-login_yargs_completions; printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const run = spawnSync('bash', ['-c', script], { env: { PATH: `${bin}:${process.env.PATH}`, HOME: home }, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([FOREIGN, OWNED, OWNED]);
  });
});
