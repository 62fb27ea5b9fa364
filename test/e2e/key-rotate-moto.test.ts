// `eks-login key rotate` as a process against moto (IAM and STS with auth on): the happy path replaces the
// stored key and deletes the old one in IAM; a user without iam:CreateAccessKey gets exit 5 naming the
// permission, and nothing changes; IAM behind a corporate CA is trusted through the profile's ca_bundle or
// AWS_CA_BUNDLE only.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED, type Moto, startMoto, writeMotoBundle } from '../support/moto.js';
import { runCli, runCliSync } from '../support/run-process.js';
import { useTempDirs } from '../support/temp-dir.js';
import { hasMoto, hasOpenssl } from '../support/tools.js';
import { makeTestTls } from '../support/test-tls.js';
import { startTlsFront, type TlsFront } from '../support/tls-front.js';

const tempDir = useTempDirs();
const OWN_KEYS = {
  Effect: 'Allow',
  Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys'],
  // AWS: arn:aws:iam::<account>:user/${aws:username}; moto matches IAM actions against the resource "*".
  Resource: '*',
};

describe.skipIf(!hasMoto() || !hasOpenssl())('key rotate against moto', () => {
  let moto: Moto;
  let front: TlsFront;
  let caPem: string;
  beforeAll(async () => {
    moto = await startMoto({
      seed: {
        users: [
          ...DEFAULT_SEED.users,
          ...['rotating-rita', 'corporate-cora'].map((name) => ({
            name,
            mayAssume: ['developers'],
            statements: [OWN_KEYS],
          })),
        ],
        roles: [
          { name: 'developers', trustedUsers: ['developer-mike', 'rotating-rita', 'corporate-cora'] },
          { name: 'admins', trustedUsers: [] },
        ],
      },
    });
    // IAM on https, with a certificate only a private CA vouches for (the corporate TLS-inspecting proxy's case).
    const tls = makeTestTls();
    caPem = tls.caPem;
    front = await startTlsFront(moto.endpoint, tls);
  });
  afterAll(async () => {
    await front?.close();
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

  it("IAM behind a private CA: untrusted without it (exit 6, nothing changed); trusted through the profile's ca_bundle, then AWS_CA_BUNDLE", async () => {
    const m = machine('corporate-cora');
    const caFile = join(m.dir, 'corporate-ca.pem');
    writeFileSync(caFile, caPem);
    // STS stays on moto's http endpoint: every https call of these runs is IAM's. The front answers from this
    // process, so the CLI runs asynchronously.
    const env = { ...m.env, AWS_ENDPOINT_URL_IAM: front.url };
    const untrusted = await runCli(['key', 'rotate'], { env, cwd: m.dir });
    expect(untrusted.status, untrusted.stderr).toBe(6);
    expect(untrusted.stderr).toContain(`IAM CreateAccessKey for user corporate-cora at ${front.url}`);
    expect(untrusted.stderr).toMatch(/certificate/i);
    expect(m.stored().accessKeyId).toBe(m.key.accessKeyId);
    expect(await keysOf('corporate-cora', m.key)).toEqual([m.key.accessKeyId]);

    // The CA only in the active profile's ca_bundle (~ expands to HOME), as aws-cli reads it.
    writeFileSync(join(m.home, '.aws-config'), `[default]\nca_bundle = ~/../corporate-ca.pem\n`);
    const seen = front.actions.length;
    const viaProfile = await runCli(['key', 'rotate'], {
      env: { ...env, AWS_CONFIG_FILE: join(m.home, '.aws-config') },
      cwd: m.dir,
    });
    expect(viaProfile.status, viaProfile.stderr).toBe(0);
    const second = m.stored();
    expect(second.accessKeyId).not.toBe(m.key.accessKeyId);
    expect(front.actions.slice(seen)).toEqual(expect.arrayContaining(['CreateAccessKey', 'DeleteAccessKey']));
    expect(await keysOf('corporate-cora', second)).toEqual([second.accessKeyId]);

    // AWS_CA_BUNDLE alone, no profile setting.
    const viaVariable = await runCli(['key', 'rotate'], { env: { ...env, AWS_CA_BUNDLE: caFile }, cwd: m.dir });
    expect(viaVariable.status, viaVariable.stderr).toBe(0);
    const third = m.stored();
    expect(third.accessKeyId).not.toBe(second.accessKeyId);
    expect(await keysOf('corporate-cora', third)).toEqual([third.accessKeyId]);
  });
});
