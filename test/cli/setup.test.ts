// `eks-login setup` through run() with fakes for STS, the secret store and the terminal, on a real temp
// HOME: what is stored, written and said, and that failures store nothing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { CredentialsError } from '../../src/kernel/errors.js';
import { sampleBundle } from '../support/bundles.js';
import { MIKE, ScriptedPrompter, setupWorld } from '../support/setup-world.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();
const record = (home: string) =>
  JSON.parse(readFileSync(join(home, '.config', 'eks-login', 'bundles', 'acme.json'), 'utf8'));

describe('eks-login setup', () => {
  it('non-interactive: checks the key, stores it, writes the contexts and the record', async () => {
    const w = setupWorld(tempDir());
    const code = await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], w.ctx);
    expect(w.ctx.stderr.text).toContain(
      'signed in as arn:aws:iam::123456789012:user/developer-mike, can assume role/developers\n',
    );
    expect(code).toBe(0);
    expect(w.sts.calls).toEqual([
      `GetCallerIdentity ${MIKE.accessKeyId} https://sts.eu-west-1.amazonaws.com/`,
      `AssumeRole ${MIKE.accessKeyId} arn:aws:iam::123456789012:role/developers https://sts.eu-west-1.amazonaws.com/`,
    ]);
    expect(w.sts.assumeRoleRequests[0]).toMatchObject({ roleSessionName: 'developer-mike', durationSeconds: 900 });
    expect(JSON.parse(w.secrets.entries.get('access-key/acme')!)).toEqual({
      accessKeyId: MIKE.accessKeyId,
      secretAccessKey: MIKE.secretAccessKey,
    });
    expect(record(w.home)).toMatchObject({
      version: 1,
      group: 'developers',
      source: { kind: 'keychain', accessKeyId: MIKE.accessKeyId, userArn: MIKE.arn, userName: 'developer-mike' },
      kubeconfigPath: w.kubeconfig,
      contexts: ['developers@demo', 'developers@prod'],
      setupAt: '2026-01-02T03:04:05.000Z',
    });
    const kubeconfig = readFileSync(w.kubeconfig, 'utf8');
    expect(kubeconfig).toContain('current-context: developers@demo');
    expect(kubeconfig).not.toContain(MIKE.secretAccessKey);
    expect(w.ctx.stderr.text).not.toContain(MIKE.secretAccessKey);
    expect(w.ctx.stdout.text).toBe('');
    expect(w.ctx.stderr.text).toContain('next: kubectl --context developers@demo get pods');
  });

  it('on macOS says first that the Keychain will ask about "node", and that a Node upgrade asks again; not on Linux or Windows', async () => {
    const { platformOf } = await import('../../src/kernel/platform.js');
    for (const name of ['darwin', 'linux', 'win32'] as const) {
      const w = setupWorld(tempDir());
      // The files of this test are on this machine, so paths keep the host's rules; the rest is the platform's.
      const ctx = w.ctx.with({
        platform: {
          ...platformOf(name),
          ...(name === 'win32' ? { keychainValueLimit: undefined } : {}),
          absolute: platformOf('linux').absolute,
          isAbsolute: platformOf('linux').isAbsolute,
          listSeparator: ':',
        },
      });
      expect(await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], ctx)).toBe(0);
      const said =
        'macOS may ask whether "node" may use the keychain item "eks-login": that is eks-login storing or reading your key. Choose Always Allow. After a Node.js upgrade macOS asks once more (the permission belongs to the node program).\n';
      expect(ctx.stderr.text.includes(said)).toBe(name === 'darwin');
    }
  });

  it('without a terminal, missing input is exit 2 naming the flag, and nothing happens', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['setup', 'acme.json', '--from-env', '--yes'], /hint: pass --group \(one of: developers, admins\)/],
      [
        ['setup', 'acme.json', '--group', 'developers', '--yes'],
        /hint: pass --from-env .* or --source-profile <profile>/,
      ],
      [['setup', 'acme.json', '--group', 'developers', '--from-env'], /hint: pass --yes/],
      [['setup', 'acme.json', '--group', 'nope', '--from-env', '--yes'], /group nope is not in bundle acme/],
    ];
    for (const [argv, hint] of cases) {
      const w = setupWorld(tempDir());
      expect(await run(argv, w.ctx)).toBe(2);
      expect(w.ctx.stderr.text).toMatch(hint);
      expect(w.secrets.entries.size).toBe(0);
      expect(existsSync(w.kubeconfig)).toBe(false);
    }
  });

  it('--from-env refuses temporary credentials and names missing variables', async () => {
    const w = setupWorld(tempDir(), { env: { AWS_SESSION_TOKEN: 'x' } });
    expect(await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], w.ctx)).toBe(2);
    expect(w.ctx.stderr.text).toContain('AWS_SESSION_TOKEN is set');
    const v = setupWorld(tempDir(), { env: { AWS_SECRET_ACCESS_KEY: '' } });
    expect(await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], v.ctx)).toBe(2);
    expect(v.ctx.stderr.text).toContain('--from-env: AWS_SECRET_ACCESS_KEY is not set');
  });

  it('a rejected key is exit 4 and stores nothing', async () => {
    const w = setupWorld(tempDir());
    w.sts.failures.push(
      new CredentialsError(
        'GetCallerIdentity at https://sts.eu-west-1.amazonaws.com: credentials rejected (InvalidClientTokenId: bad)',
      ),
    );
    expect(await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], w.ctx)).toBe(4);
    expect(w.ctx.stderr.text).toContain(
      'eks-login: setup stored nothing: the access key AKIA…MPLE was not accepted: GetCallerIdentity',
    );
    expect(w.ctx.stderr.text).toContain('hint: check the access key id and secret');
    expect(w.secrets.calls).toEqual([]);
    expect(existsSync(w.kubeconfig)).toBe(false);
  });

  it('a denied role is exit 5, explains, and stores nothing', async () => {
    const w = setupWorld(tempDir(), { deniedRoles: ['arn:aws:iam::123456789012:role/developers'] });
    expect(await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], w.ctx)).toBe(5);
    expect(w.ctx.stderr.text).toContain(
      `eks-login: setup stored nothing: ${MIKE.arn} cannot assume role/developers: assuming role`,
    );
    expect(w.ctx.stderr.text).toContain(
      `hint: ask your admin to let ${MIKE.arn} assume arn:aws:iam::123456789012:role/developers`,
    );
    expect(w.secrets.calls).toEqual([]);
    expect(existsSync(w.kubeconfig)).toBe(false);
  });

  it('an MFA group is not tried (the code is asked at first use)', async () => {
    const w = setupWorld(tempDir());
    expect(await run(['setup', 'acme.json', '--group', 'admins', '--from-env', '--yes'], w.ctx)).toBe(0);
    expect(w.sts.assumeRoleRequests).toEqual([]);
    expect(w.ctx.stderr.text).toContain('(group admins needs MFA');
    expect(readFileSync(w.kubeconfig, 'utf8')).toContain('admins@prod');
  });

  it('a collision with a foreign entry fails first: exit 3, no key asked, nothing stored', async () => {
    const w = setupWorld(tempDir());
    mkdirSync(join(w.home, '.kube'));
    writeFileSync(
      w.kubeconfig,
      'apiVersion: v1\ncontexts:\n- name: developers@prod\n  context: {cluster: x, user: y}\n',
    );
    expect(await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], w.ctx)).toBe(3);
    expect(w.ctx.stderr.text).toContain(`context "developers@prod" in ${w.kubeconfig} (not written by eks-login)`);
    expect(w.sts.calls).toEqual([]);
    expect(w.secrets.calls).toEqual([]);
  });

  it('interactive: asks the group, the key (secret hidden) and confirmation', async () => {
    const prompter = new ScriptedPrompter(['2', 'not-a-key', MIKE.accessKeyId, MIKE.secretAccessKey, 'y']);
    const w = setupWorld(tempDir(), { prompter });
    expect(await run(['setup', 'acme.json'], w.ctx)).toBe(0);
    expect(prompter.questions.map((q) => q.secret)).toEqual([false, false, false, true, false]);
    expect(prompter.questions[0]!.question).toContain('2) [ ] admins');
    expect(prompter.questions[2]!.question).toContain('that is not an access key id');
    expect(w.ctx.stderr.text).toContain('context admins@prod would be added');
    expect(w.secrets.entries.has('access-key/acme')).toBe(true);
  });

  it('interactive: answering no stores and writes nothing', async () => {
    const w = setupWorld(tempDir(), { prompter: new ScriptedPrompter([MIKE.accessKeyId, MIKE.secretAccessKey, 'n']) });
    expect(await run(['setup', 'acme.json', '--group', 'developers'], w.ctx)).toBe(2);
    expect(w.ctx.stderr.text).toContain('setup cancelled: nothing was stored or written');
    // The store is only read (so a fallback store warns before the question), never written.
    expect(w.secrets.calls.filter((c) => !c.startsWith('get '))).toEqual([]);
    expect(existsSync(w.kubeconfig)).toBe(false);
  });

  it('--dry-run prints a unified diff, needs no key and writes nothing', async () => {
    const w = setupWorld(tempDir(), { env: { AWS_ACCESS_KEY_ID: '' } });
    expect(await run(['setup', 'acme.json', '--group', 'developers', '--dry-run'], w.ctx)).toBe(0);
    expect(w.ctx.stdout.text).toMatch(
      new RegExp(
        `^--- ${w.kubeconfig}\tcurrent\n\\+\\+\\+ ${w.kubeconfig}\tafter eks-login setup\n@@ -0,0 \\+1,\\d+ @@\n\\+apiVersion: v1\n`,
      ),
    );
    expect(w.ctx.stderr.text).toContain('(dry run, nothing written)');
    expect(existsSync(w.kubeconfig)).toBe(false);
    expect(w.sts.calls).toEqual([]);
  });

  it('re-running with a changed bundle updates and removes owned contexts, saying so; the same run twice is byte-identical', async () => {
    const w = setupWorld(tempDir());
    const argv = ['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'];
    await run(argv, w.ctx);
    const first = readFileSync(w.kubeconfig, 'utf8');
    await run(argv, w.ctx);
    expect(readFileSync(w.kubeconfig, 'utf8')).toBe(first);
    expect(w.ctx.stderr.text).toContain('already up to date, nothing written');
    const changed = sampleBundle();
    changed.clusters = [{ ...changed.clusters[1]!, endpoint: 'https://new.example:443' }];
    changed.groups[1]!.clusters = ['prod'];
    writeFileSync(join(w.ctx.cwd, 'acme.json'), JSON.stringify(changed));
    w.ctx.stderr.text = '';
    expect(await run(argv, w.ctx)).toBe(0);
    expect(w.ctx.stderr.text).toContain('context developers@prod updated');
    expect(w.ctx.stderr.text).toContain(
      'context developers@demo removed: cluster demo is no longer in bundle acme for group developers',
    );
    // The current context's cluster left the bundle: cleared with a warning, never moved to another cluster.
    expect(w.ctx.stderr.text).toContain('current-context cleared');
    expect(w.ctx.stderr.text).toContain('warning: the current context developers@demo removed with its cluster');
    expect(readFileSync(w.kubeconfig, 'utf8')).not.toContain('developers@demo');
    expect(readFileSync(`${w.kubeconfig}.eks-login.bak`, 'utf8')).toBe(first);
  });
});
