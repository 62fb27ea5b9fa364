// Interactive setup on a real pseudo-terminal against moto: the group menu, the access key prompts, the
// confirmation; the secret is never echoed to the terminal.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Moto, startMoto, writeMotoBundle } from '../support/moto.js';
import { BIN } from '../support/run-process.js';
import { useTempDirs } from '../support/temp-dir.js';
import { hasMoto } from '../support/tools.js';

const tempDir = useTempDirs();
const PTY = join(import.meta.dirname, '..', 'support', 'pty-session.py');

describe.skipIf(!hasMoto())('setup on a terminal', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('asks group, key and secret (hidden), confirms, and stores the key', () => {
    const dir = tempDir();
    const { home } = writeMotoBundle(dir, moto.roles);
    const mike = moto.users['developer-mike']!;
    const script = [
      ['Which groups are you in?', '1\r'],
      ['AWS access key id', `${mike.accessKeyId}\r`],
      ['secret access key (input hidden)', `${mike.secretAccessKey}\r`],
      ['[Y/n]', 'y\r'],
    ];
    const result = spawnSync(
      'python3',
      [PTY, JSON.stringify(script), process.execPath, BIN, 'setup', join(dir, 'acme.json')],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          AWS_ENDPOINT_URL_STS: moto.endpoint,
          EKS_LOGIN_KEYRING: 'file',
          TERM: 'dumb',
        },
        encoding: 'utf8',
        timeout: 40_000,
      },
    );
    const { status, transcript } = JSON.parse(result.stdout) as { status: number; transcript: string };
    expect(transcript).toContain('1) [ ] developers');
    expect(transcript).toContain(mike.accessKeyId); // the key id is echoed as typed
    expect(transcript).not.toContain(mike.secretAccessKey);
    expect(transcript).toContain(
      'signed in as arn:aws:iam::123456789012:user/developer-mike, can assume role/developers',
    );
    expect(transcript).toContain('context developers@demo would be added');
    expect(status).toBe(0);
    const secrets = readFileSync(join(home, '.config', 'eks-login', 'secrets.json'), 'utf8');
    expect(secrets).toContain('access-key/acme');
  });

  it('without a usable keychain (auto mode, no session bus): the file-store warning comes before the question to store the key; doctor names the file', () => {
    const dir = tempDir();
    const { home } = writeMotoBundle(dir, moto.roles);
    const mike = moto.users['developer-mike']!;
    const script = [
      ['Which groups are you in?', '1\r'],
      ['AWS access key id', `${mike.accessKeyId}\r`],
      ['secret access key (input hidden)', `${mike.secretAccessKey}\r`],
      ['[Y/n]', 'y\r'],
    ];
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_ENDPOINT_URL_STS: moto.endpoint,
      EKS_LOGIN_KEYRING: 'auto',
      TERM: 'dumb',
    };
    const result = spawnSync(
      'python3',
      [PTY, JSON.stringify(script), process.execPath, BIN, 'setup', join(dir, 'acme.json')],
      { env, encoding: 'utf8', timeout: 40_000 },
    );
    const { status, transcript } = JSON.parse(result.stdout) as { status: number; transcript: string };
    expect(status, transcript).toBe(0);
    const warning = transcript.indexOf('using the file store');
    const question = transcript.indexOf('Store the key and write these kubeconfig changes?');
    expect(warning).toBeGreaterThan(-1);
    expect(question).toBeGreaterThan(-1);
    expect(warning).toBeLessThan(question);
    const doctor = spawnSync(process.execPath, [BIN, 'doctor', '--context', 'developers@demo'], {
      env,
      encoding: 'utf8',
      timeout: 40_000,
    });
    expect(doctor.stdout).toMatch(
      /keychain backend and stored key\n\s+file store \(\S*secrets\.json, mode 0600\); no usable Secret Service/,
    );
    expect(doctor.stdout).not.toContain('system keychain');
  });
});
