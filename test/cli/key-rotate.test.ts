// `eks-login key rotate` in-process through run(): IAM and STS are fakes behind the composition root, the
// stored key is replaced only after STS accepts the new one, and the old one is deleted at IAM.
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import type { AwsCredentials, IamGateway } from '../../src/kernel/ports.js';
import { CredentialsError } from '../../src/kernel/errors.js';
import { createTestContext } from '../support/fakes.js';
import { MIKE } from '../support/setup-world.js';
import { useTempDirs } from '../support/temp-dir.js';
import { setUpMachine } from './machine.js';

const tempDir = useTempDirs();
const NEW_KEY = { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' };

class FakeIam implements IamGateway {
  readonly calls: string[] = [];
  async createAccessKey(credentials: AwsCredentials, userName: string) {
    this.calls.push(`CreateAccessKey ${credentials.accessKeyId} ${userName}`);
    return NEW_KEY;
  }
  async deleteAccessKey(credentials: AwsCredentials, userName: string, accessKeyId: string) {
    this.calls.push(`DeleteAccessKey ${credentials.accessKeyId} ${userName} ${accessKeyId}`);
  }
  async listAccessKeys() {
    return [];
  }
}

describe('eks-login key rotate (in-process)', () => {
  it('creates a key, waits until STS accepts it, stores it, deletes the old one', async () => {
    const w = await setUpMachine(tempDir());
    const iam = new FakeIam();
    const slept: number[] = [];
    // STS rejects the new key once (IAM is eventually consistent), then accepts it.
    w.sts.identities.set(NEW_KEY.accessKeyId, w.sts.identities.get(MIKE.accessKeyId)!);
    w.sts.failures.push(
      new CredentialsError('GetCallerIdentity: credentials rejected (InvalidClientTokenId)', {
        sts: {
          reason: 'credentials-rejected',
          endpoint: 'https://sts.eu-west-1.amazonaws.com/',
          awsCode: 'InvalidClientTokenId',
        },
      }),
    );
    const ctx = w.ctx.with({}, { iamGateway: async () => iam, sleep: async (ms) => void slept.push(ms) });
    expect(await run(['key', 'rotate'], ctx)).toBe(0);
    expect(iam.calls).toEqual([
      `CreateAccessKey ${MIKE.accessKeyId} developer-mike`,
      `DeleteAccessKey ${NEW_KEY.accessKeyId} developer-mike ${MIKE.accessKeyId}`,
    ]);
    expect(slept.length).toBeGreaterThan(0);
    expect(JSON.parse(w.secrets.entries.get('access-key/acme')!)).toEqual(NEW_KEY);
    expect(ctx.stderr.text).toContain('access key rotated: …MPLE → …MPLE for bundle acme');
    expect(ctx.stderr.text).not.toContain(NEW_KEY.secretAccessKey);
  });

  it('nothing set up: exit 2 saying to run setup, and IAM is never called', async () => {
    const iam = new FakeIam();
    const dir = tempDir();
    const ctx = createTestContext({ env: { HOME: dir }, cwd: dir, iamGateway: async () => iam });
    expect(await run(['key', 'rotate'], ctx)).toBe(2);
    expect(ctx.stderr.text).toContain('no bundle has a key stored by eks-login');
    expect(iam.calls).toEqual([]);
  });
});
