// `eks-login key rotate` as a process against moto (IAM and STS with auth on): the happy path replaces the
// stored key and deletes the old one in IAM; a user without iam:CreateAccessKey gets exit 5 naming the
// permission, and nothing changes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED, type Moto, startMoto, writeMotoBundle } from '../support/moto.js';
import { runCliSync } from '../support/run-process.js';
import { useTempDirs } from '../support/temp-dir.js';
import { hasMoto } from '../support/tools.js';

const tempDir = useTempDirs();
const OWN_KEYS = {
  Effect: 'Allow',
  Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys'],
  // AWS: arn:aws:iam::<account>:user/${aws:username}; moto matches IAM actions against the resource "*".
  Resource: '*',
};

describe.skipIf(!hasMoto())('key rotate against moto', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto({
      seed: {
        users: [...DEFAULT_SEED.users, { name: 'rotating-rita', mayAssume: ['developers'], statements: [OWN_KEYS] }],
        roles: [
          { name: 'developers', trustedUsers: ['developer-mike', 'rotating-rita'] },
          { name: 'admins', trustedUsers: [] },
        ],
      },
    });
  });
  afterAll(async () => {
    await moto?.stop();
  });

  function machine(user: string) {
    const dir = tempDir();
    const { home } = writeMotoBundle(dir, moto.roles);
    const key = moto.users[user]!;
    const env = {
      HOME: home,
      AWS_ENDPOINT_URL_STS: moto.endpoint,
      AWS_ENDPOINT_URL_IAM: moto.endpoint,
      EKS_LOGIN_KEYRING: 'file',
    };
    const setup = runCliSync(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], {
      env: { ...env, AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey },
      cwd: dir,
    });
    expect(setup.status, setup.stderr).toBe(0);
    const stored = () =>
      JSON.parse(
        JSON.parse(readFileSync(join(home, '.config', 'eks-login', 'secrets.json'), 'utf8'))['access-key/acme'],
      ) as { accessKeyId: string; secretAccessKey: string };
    return { dir, home, env, key, stored };
  }

  const keysOf = async (user: string, credentials: { accessKeyId: string; secretAccessKey: string }) => {
    const iam = moto.iam(credentials);
    const out = await iam.send(new ListAccessKeysCommand({ UserName: user }));
    return (out.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId);
  };

  it('rotates: new key stored and working, old key deleted in IAM, the record follows', async () => {
    const m = machine('rotating-rita');
    const run = runCliSync(['key', 'rotate'], { env: m.env, cwd: m.dir });
    expect(run.stderr).toContain(
      'needs iam:CreateAccessKey, iam:DeleteAccessKey and iam:ListAccessKeys (to finish an interrupted rotation) on your own IAM user',
    );
    expect(run.status, run.stderr).toBe(0);
    const fresh = m.stored();
    expect(fresh.accessKeyId).not.toBe(m.key.accessKeyId);
    expect(run.stderr).toContain(
      `access key rotated: …${m.key.accessKeyId.slice(-4)} → …${fresh.accessKeyId.slice(-4)} for bundle acme`,
    );
    expect(run.stderr).not.toContain(fresh.secretAccessKey);
    expect(await keysOf('rotating-rita', fresh)).toEqual([fresh.accessKeyId]);
    const record = JSON.parse(readFileSync(join(m.home, '.config', 'eks-login', 'bundles', 'acme.json'), 'utf8'));
    expect(record.source.accessKeyId).toBe(fresh.accessKeyId);
    // The new key serves kubectl's token path: a re-run of setup without a key reuses it.
    const again = runCliSync(['setup', 'acme.json', '--yes'], { env: m.env, cwd: m.dir });
    expect(again.stderr).toContain(`using the access key …${fresh.accessKeyId.slice(-4)} stored for bundle acme`);
    expect(again.status).toBe(0);
  });

  it('without iam:CreateAccessKey: exit 5 naming the permission; the old key stays stored and valid', async () => {
    const m = machine('developer-mike');
    const before = m.stored();
    const run = runCliSync(['key', 'rotate', '--bundle', 'acme'], { env: m.env, cwd: m.dir });
    expect(run.status).toBe(5);
    expect(run.stderr).toContain('IAM CreateAccessKey for user developer-mike');
    expect(run.stderr).toMatch(
      /hint: .*iam:CreateAccessKey, iam:DeleteAccessKey and iam:ListAccessKeys on your own user/,
    );
    expect(m.stored()).toEqual(before);
    const setup = runCliSync(['setup', 'acme.json', '--yes'], { env: m.env, cwd: m.dir });
    expect(setup.status, setup.stderr).toBe(0);
  });
});
