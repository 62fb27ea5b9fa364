// Several groups and bundles per person (issue 9 §1) and a setup that fails half-way (issue 14 item 5),
// through run() with fakes for STS, the secret store and the terminal, on a real temp HOME.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { CredentialsError } from '../../src/kernel/errors.js';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { sampleBundle } from '../support/bundles.js';
import { MIKE, ScriptedPrompter, setupWorld, type SetupWorld } from '../support/setup-world.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();
const recordOf = (w: SetupWorld, bundle = 'acme') =>
  JSON.parse(readFileSync(join(w.home, '.config', 'eks-login', 'bundles', `${bundle}.json`), 'utf8'));
const NEW_KEY = { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' };
const storedKeyId = (w: SetupWorld, bundle = 'acme') =>
  JSON.parse(w.secrets.entries.get(`access-key/${bundle}`)!).accessKeyId;
const contextsIn = (w: SetupWorld) =>
  (load(readFileSync(w.kubeconfig, 'utf8')) as { contexts: Array<{ name: string }> }).contexts.map((c) => c.name);

function withSecondKey(w: SetupWorld): void {
  w.sts.identities.set(NEW_KEY.accessKeyId, { arn: MIKE.arn, account: '123456789012', userId: 'AIDAMIKE' });
}

describe('setup: several groups', () => {
  it('--group repeats: one run writes the contexts of both groups and records both', async () => {
    const w = setupWorld(tempDir());
    expect(
      await run(['setup', 'acme.json', '--group', 'developers', '--group', 'admins', '--from-env', '--yes'], w.ctx),
    ).toBe(0);
    expect(contextsIn(w).sort()).toEqual(['admins@prod', 'developers@demo', 'developers@prod']);
    expect(recordOf(w)).toMatchObject({
      group: 'developers',
      groups: ['developers', 'admins'],
      contexts: ['developers@demo', 'developers@prod', 'admins@prod'],
      bundleSource: join(w.ctx.cwd, 'acme.json'),
    });
    expect(w.ctx.stderr.text).toContain('can assume role/developers (group admins needs MFA');
    expect(w.ctx.stderr.text).toContain('(groups developers, admins) recorded in');
  });

  it('a later --group adds to the groups set up; the stored key is reused without --from-env or a paste', async () => {
    const w = setupWorld(tempDir());
    expect(await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], w.ctx)).toBe(0);
    const env = { ...w.ctx.env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };
    w.secrets.calls.length = 0;
    w.ctx.stderr.text = '';
    expect(await run(['setup', 'acme.json', '--group', 'admins', '--yes'], w.ctx.with({ env }))).toBe(0);
    expect(w.ctx.stderr.text).toContain('using the access key …MPLE stored for bundle acme');
    expect(w.secrets.calls).toEqual(['get access-key/acme']); // read, never re-stored
    expect(contextsIn(w).sort()).toEqual(['admins@prod', 'developers@demo', 'developers@prod']);
    expect(recordOf(w).groups).toEqual(['developers', 'admins']);
    // A plain re-run without --group keeps both groups (no terminal needed) and changes nothing.
    const before = readFileSync(w.kubeconfig, 'utf8');
    expect(await run(['setup', 'acme.json', '--yes'], w.ctx.with({ env }))).toBe(0);
    expect(readFileSync(w.kubeconfig, 'utf8')).toBe(before);
  });

  it('on a terminal without --group: a multi-select preselecting the groups set up', async () => {
    const w = setupWorld(tempDir());
    await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], w.ctx);
    const prompter = new ScriptedPrompter(['', 'y']);
    const t = setupWorld(tempDir(), { prompter });
    const ctx = t.ctx.with(
      { env: w.ctx.env, cwd: w.ctx.cwd },
      { secretStore: async () => w.secrets, stsGateway: async () => w.sts },
    );
    expect(await run(['setup', 'acme.json'], ctx)).toBe(0);
    expect(prompter.questions[0]!.question).toContain('1) [x] developers');
    expect(prompter.questions[0]!.question).toContain('2) [ ] admins');
    expect(prompter.questions[0]!.question).toContain('[1]: ');
    expect(prompter.questions).toHaveLength(2); // groups, confirmation: no key asked
  });

  it('a new key from --from-env replaces the stored one only after it was verified', async () => {
    const w = setupWorld(tempDir());
    await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], w.ctx);
    const env = {
      ...w.ctx.env,
      AWS_ACCESS_KEY_ID: NEW_KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: NEW_KEY.secretAccessKey,
    };
    // Rejected by STS: the old key stays.
    w.sts.failures.push(new CredentialsError('GetCallerIdentity: credentials rejected (InvalidClientTokenId)'));
    expect(await run(['setup', 'acme.json', '--from-env', '--yes'], w.ctx.with({ env }))).toBe(4);
    expect(storedKeyId(w)).toBe(MIKE.accessKeyId);
    withSecondKey(w);
    expect(await run(['setup', 'acme.json', '--from-env', '--yes'], w.ctx.with({ env }))).toBe(0);
    expect(storedKeyId(w)).toBe(NEW_KEY.accessKeyId);
    expect(w.ctx.stderr.text).toContain('replacing the previous key');
    expect(recordOf(w).source.accessKeyId).toBe(NEW_KEY.accessKeyId);
  });

  it('unknown groups and repeated one-value flags are named correctly (exit 2)', async () => {
    const w = setupWorld(tempDir());
    expect(
      await run(
        ['setup', 'acme.json', '--group', 'developers', '--group', 'ops', '--group', 'qa', '--from-env', '--yes'],
        w.ctx,
      ),
    ).toBe(2);
    expect(w.ctx.stderr.text).toContain('groups ops, qa are not in bundle acme (groups: developers, admins)');
    expect(w.ctx.stderr.text).not.toContain('developers,ops');
    w.ctx.stderr.text = '';
    expect(
      await run(
        [
          'setup',
          'acme.json',
          '--group',
          'developers',
          '--kubeconfig',
          'a',
          '--kubeconfig',
          'b',
          '--from-env',
          '--yes',
        ],
        w.ctx,
      ),
    ).toBe(2);
    expect(w.ctx.stderr.text).toContain('--kubeconfig was given 2 times (a, b); it takes one value');
    expect(existsSync(w.kubeconfig)).toBe(false);
  });
});

describe('setup: several bundles', () => {
  it('bundles live side by side; --reuse-key takes the key stored for another bundle of the account', async () => {
    const w = setupWorld(tempDir());
    await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], w.ctx);
    const other = sampleBundle({ name: 'beta', contextNameTemplate: '{bundle}-{group}@{cluster}' });
    writeFileSync(join(w.ctx.cwd, 'beta.json'), JSON.stringify(other));
    const env = { ...w.ctx.env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };
    expect(await run(['setup', 'beta.json', '--group', 'developers', '--yes'], w.ctx.with({ env }))).toBe(2);
    expect(w.ctx.stderr.text).toContain('--reuse-key <bundle>');
    expect(
      await run(['setup', 'beta.json', '--group', 'developers', '--reuse-key', 'nope', '--yes'], w.ctx.with({ env })),
    ).toBe(2);
    expect(w.ctx.stderr.text).toContain('--reuse-key nope: no bundle nope has been set up');
    expect(
      await run(['setup', 'beta.json', '--group', 'developers', '--reuse-key', 'acme', '--yes'], w.ctx.with({ env })),
    ).toBe(0);
    expect(storedKeyId(w, 'beta')).toBe(MIKE.accessKeyId);
    expect(contextsIn(w).sort()).toEqual([
      'beta-developers@demo',
      'beta-developers@prod',
      'developers@demo',
      'developers@prod',
    ]);
    expect(recordOf(w, 'acme').groups).toEqual(['developers']);
  });

  it('on a terminal, a second bundle of the same account offers the stored key', async () => {
    const w = setupWorld(tempDir());
    await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], w.ctx);
    writeFileSync(
      join(w.ctx.cwd, 'beta.json'),
      JSON.stringify(sampleBundle({ name: 'beta', contextNameTemplate: 'b-{group}@{cluster}' })),
    );
    const prompter = new ScriptedPrompter(['y', 'y']);
    const ctx = w.ctx.with({ isInteractiveTerminal: true }, { prompter: async () => prompter });
    expect(await run(['setup', 'beta.json', '--group', 'developers'], ctx)).toBe(0);
    expect(prompter.questions[0]!.question).toContain(
      'Bundle acme has an access key of the same AWS account stored (…MPLE). Use it here too?',
    );
    expect(storedKeyId(w, 'beta')).toBe(MIKE.accessKeyId);
  });
});

describe('setup that fails half-way leaves a working machine', () => {
  it('an unwritable backup is found before anything is stored: exit 3, old key and record kept', async () => {
    const w = setupWorld(tempDir());
    await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], w.ctx);
    const record = readFileSync(join(w.home, '.config', 'eks-login', 'bundles', 'acme.json'), 'utf8');
    // A directory where the backup goes: writing the backup fails (root ignores permission bits).
    mkdirSync(`${w.kubeconfig}.eks-login.bak`);
    writeFileSync(join(`${w.kubeconfig}.eks-login.bak`, 'keep'), 'x');
    withSecondKey(w);
    const env = {
      ...w.ctx.env,
      AWS_ACCESS_KEY_ID: NEW_KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: NEW_KEY.secretAccessKey,
    };
    w.secrets.calls.length = 0;
    expect(await run(['setup', 'acme.json', '--group', 'admins', '--from-env', '--yes'], w.ctx.with({ env }))).toBe(3);
    expect(w.ctx.stderr.text).toContain(`cannot write ${w.kubeconfig}.eks-login.bak: a directory is in the way`);
    expect(w.ctx.stderr.text).not.toContain('internal error');
    expect(w.secrets.calls.filter((c) => c.startsWith('set'))).toEqual([]);
    expect(storedKeyId(w)).toBe(MIKE.accessKeyId);
    expect(readFileSync(join(w.home, '.config', 'eks-login', 'bundles', 'acme.json'), 'utf8')).toBe(record);
  });

  it('a failure after the key was stored puts the previous key back (exit 3, not an internal error)', async () => {
    const w = setupWorld(tempDir());
    await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], w.ctx);
    // The record file replaced by a non-empty directory: the record write fails after the key is stored.
    const recordFile = join(w.home, '.config', 'eks-login', 'bundles', 'acme.json');
    const old = readFileSync(recordFile);
    const { rmSync } = await import('node:fs');
    rmSync(recordFile);
    mkdirSync(recordFile);
    writeFileSync(join(recordFile, 'keep'), old);
    withSecondKey(w);
    const env = {
      ...w.ctx.env,
      AWS_ACCESS_KEY_ID: NEW_KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: NEW_KEY.secretAccessKey,
    };
    expect(await run(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], w.ctx.with({ env }))).toBe(
      3,
    );
    expect(w.ctx.stderr.text).toContain('cannot write the setup record of bundle acme');
    expect(w.ctx.stderr.text).toContain('the previous access key was put back');
    expect(storedKeyId(w)).toBe(MIKE.accessKeyId);
    expect(createHash('sha256').update(old).digest('hex')).toBeTruthy();
  });
});
