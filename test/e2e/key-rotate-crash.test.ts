// `eks-login key rotate` killed (SIGKILL, through the env-gated crash seam, infra/crash-seam.ts) after
// each durable step, against moto (IAM and STS with auth on). After every kill: `token` still works with the
// stored key (also when the store holds the new key and the record still names the old one), doctor reports
// the interrupted rotation, and a re-run of `key rotate` completes it or rolls it back, leaving exactly one
// access key in IAM (the one stored and recorded), no orphan (the key CreateAccessKey made before the
// journal knew its secret included), and no journal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_SEAM_PHRASE } from '../../src/infra/crash-seam.js';
import { DEFAULT_SEED, type Moto, startMoto, writeMotoBundle } from '../support/moto.js';
import { runCli } from '../support/run-process.js';
import { useTempDirs } from '../support/temp-dir.js';
import { hasMoto } from '../support/tools.js';

const tempDir = useTempDirs();
const OWN_KEYS = {
  Effect: 'Allow',
  Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys'],
  Resource: '*',
};
const STEPS = [
  'journal-started',
  'key-created',
  'journal-created',
  'verified',
  'stored:acme',
  'recorded:acme',
  'old-deleted',
];
const users = STEPS.map((_, i) => `rotating-${i}`);

describe.skipIf(!hasMoto())('key rotate killed at every step, against moto', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto({
      seed: {
        users: [
          ...DEFAULT_SEED.users,
          ...users.map((name) => ({ name, mayAssume: ['developers'], statements: [OWN_KEYS] })),
        ],
        roles: [
          { name: 'developers', trustedUsers: ['developer-mike', ...users] },
          { name: 'admins', trustedUsers: [] },
        ],
      },
    });
  }, 120_000);
  afterAll(async () => {
    await moto?.stop();
  });

  const keysOf = async (user: string, credentials: { accessKeyId: string; secretAccessKey: string }) =>
    ((await moto.iam(credentials).send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata ?? [])
      .map((k) => k.AccessKeyId)
      .sort();

  it.each(STEPS.map((step, i) => [step, users[i]!]))(
    'killed after %s: token keeps working, doctor says so, a re-run finishes cleanly',
    async (step, user) => {
      const dir = tempDir();
      const { home } = writeMotoBundle(dir, moto.roles);
      const key = moto.users[user]!;
      const env = {
        HOME: home,
        AWS_ENDPOINT_URL_STS: moto.endpoint,
        AWS_ENDPOINT_URL_IAM: moto.endpoint,
        EKS_LOGIN_KEYRING: 'file',
      };
      const setup = await runCli(['setup', 'acme.json', '--group', 'developers', '--from-env', '--yes'], {
        env: { ...env, AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey },
        cwd: dir,
      });
      expect(setup.status, setup.stderr).toBe(0);
      const secrets = () =>
        JSON.parse(readFileSync(join(home, '.config', 'eks-login', 'secrets.json'), 'utf8')) as Record<string, string>;
      const stored = () =>
        JSON.parse(secrets()['access-key/acme']!) as { accessKeyId: string; secretAccessKey: string };
      const recorded = () =>
        JSON.parse(readFileSync(join(home, '.config', 'eks-login', 'bundles', 'acme.json'), 'utf8')).source
          .accessKeyId as string;
      const token = () =>
        runCli(
          [
            'token',
            '--cluster',
            'demo',
            '--region',
            'eu-west-1',
            '--role-arn',
            moto.roles.developers!,
            '--bundle',
            'acme',
            '--group',
            'developers',
            '--no-cache',
          ],
          { env, cwd: dir },
        );

      const killed = await runCli(['key', 'rotate'], {
        env: { ...env, EKS_LOGIN_TEST_SEAMS: CRASH_SEAM_PHRASE, EKS_LOGIN_TEST_CRASH_AT: step },
        cwd: dir,
      });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      expect(secrets()['key-rotation/acme']).toBeDefined();
      if (step === 'stored:acme') expect(stored().accessKeyId).not.toBe(recorded()); // the store/record mismatch
      const during = await token();
      expect(during.status, during.stderr).toBe(0);
      expect(JSON.parse(during.stdout).status.token).toMatch(/^k8s-aws-v1\./);
      if (step === 'key-created' || step === 'stored:acme') {
        const doctor = await runCli(['doctor', '--context', 'developers@demo'], { env, cwd: dir, timeoutMs: 60_000 });
        expect(`${doctor.stdout}${doctor.stderr}`).toContain('an interrupted key rotation');
        expect(`${doctor.stdout}${doctor.stderr}`).toContain('eks-login key rotate --bundle acme');
      }

      const again = await runCli(['key', 'rotate'], { env, cwd: dir });
      expect(again.status, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/access key rotated: …\w{4} → …\w{4} for bundle acme/);
      if (step === 'key-created')
        expect(again.stderr).toMatch(/deleted the access key …\w{4} the interrupted rotation created/);
      if (['journal-created', 'verified', 'stored:acme', 'recorded:acme', 'old-deleted'].includes(step))
        expect(again.stderr).toContain('completing the rotation');
      const now = stored();
      expect(recorded()).toBe(now.accessKeyId);
      expect(await keysOf(user, now)).toEqual([now.accessKeyId]);
      expect(Object.keys(secrets()).filter((k) => k.startsWith('key-rotation/'))).toEqual([]);
      expect(again.stderr).not.toContain(now.secretAccessKey);
      const after = await token();
      expect(after.status, after.stderr).toBe(0);
    },
    120_000,
  );
});
