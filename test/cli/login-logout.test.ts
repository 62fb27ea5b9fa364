// login and logout in-process through run(): the role session login assumes is what token then uses, and
// logout removes it (and with --forget-keys the stored key) from the secret store behind the composition root.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { MIKE } from '../support/setup-world.js';
import { useTempDirs } from '../support/temp-dir.js';
import { DEVELOPERS_ROLE, setUpMachine } from './machine.js';

const tempDir = useTempDirs();
const sessionsIn = (entries: Map<string, string>) => [...entries.keys()].filter((k) => k.startsWith('role-session/'));

describe('eks-login login (in-process)', () => {
  it('assumes the role of the context now; a later token reuses that session without another AssumeRole', async () => {
    const w = await setUpMachine(tempDir());
    expect(await run(['login', 'developers@demo'], w.ctx)).toBe(0);
    expect(w.sts.calls).toEqual([
      `AssumeRole ${MIKE.accessKeyId} ${DEVELOPERS_ROLE} https://sts.eu-west-1.amazonaws.com/`,
    ]);
    expect(w.ctx.stdout.text).toMatch(
      /^logged in: role arn:aws:iam::123456789012:role\/developers \(assumed .*\) with setup record of bundle acme.* until 2026-01-02T04:04:05Z \(contexts: developers@demo, developers@prod\)\n$/,
    );
    expect(sessionsIn(w.secrets.entries)).toHaveLength(1);
    w.ctx.stdout.text = '';
    expect(
      await run(
        [
          'token',
          '--cluster',
          'demo',
          '--region',
          'eu-west-1',
          '--role-arn',
          DEVELOPERS_ROLE,
          '--bundle',
          'acme',
          '--group',
          'developers',
        ],
        w.ctx,
      ),
    ).toBe(0);
    expect(w.sts.calls).toHaveLength(1);
    expect(JSON.parse(w.ctx.stdout.text).kind).toBe('ExecCredential');
  });

  it('a context setup did not write is exit 3 naming it', async () => {
    const w = await setUpMachine(tempDir());
    expect(await run(['login', 'nope@demo'], w.ctx)).toBe(3);
    expect(w.ctx.stderr.text).toContain('nope@demo');
    expect(w.sts.calls).toEqual([]);
  });
});

describe('eks-login logout (in-process)', () => {
  it('removes the role session and cached token of the context; --all --forget-keys also the stored key', async () => {
    const w = await setUpMachine(tempDir());
    await run(['login', 'developers@demo'], w.ctx);
    await run(
      [
        'token',
        '--cluster',
        'demo',
        '--region',
        'eu-west-1',
        '--role-arn',
        DEVELOPERS_ROLE,
        '--bundle',
        'acme',
        '--group',
        'developers',
      ],
      w.ctx,
    );
    w.ctx.stdout.text = '';
    expect(await run(['logout', '--context', 'developers@demo'], w.ctx)).toBe(0);
    expect(w.ctx.stdout.text).toBe('logged out (acme/developers): removed 1 role session(s), 1 cached token(s)\n');
    expect(sessionsIn(w.secrets.entries)).toEqual([]);
    expect(w.secrets.entries.has('access-key/acme')).toBe(true);

    w.ctx.stdout.text = '';
    expect(await run(['logout', '--all', '--forget-keys'], w.ctx)).toBe(0);
    expect(w.ctx.stdout.text).toBe(
      'logged out (everything): removed 0 role session(s), 0 cached token(s), the access key of acme, no leftover temp files\n',
    );
    expect(w.secrets.entries.size).toBe(0);
  });

  it('--remove-contexts takes the group out of the kubeconfig and the setup record', async () => {
    const w = await setUpMachine(tempDir());
    expect(await run(['logout', '--context', 'developers@demo', '--remove-contexts'], w.ctx)).toBe(0);
    expect(w.ctx.stdout.text).toContain(`kubeconfig ${w.kubeconfig}: removed`);
    expect(readFileSync(w.kubeconfig, 'utf8')).not.toContain('developers@demo');
    const record = JSON.parse(readFileSync(join(w.home, '.config', 'eks-login', 'bundles', 'acme.json'), 'utf8'));
    expect(record.groups).toEqual([]);
    expect(existsSync(w.kubeconfig)).toBe(true);
  });
});
