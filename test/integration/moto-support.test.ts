// The moto harness itself: it starts, seeds, enforces auth and stops without leaving a process behind.
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, type Moto } from '../support/moto.js';
import { hasMoto } from '../support/tools.js';

const sts = (moto: Moto, accessKeyId: string, secretAccessKey: string): STSClient =>
  new STSClient({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });

describe.skipIf(!hasMoto())('test/support/moto.ts', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('seeds users with working keys and enforces signatures', async () => {
    const mike = moto.users['developer-mike']!;
    const who = await sts(moto, mike.accessKeyId, mike.secretAccessKey).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe('arn:aws:iam::123456789012:user/developer-mike');
    await expect(sts(moto, mike.accessKeyId, 'wrong').send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
  });

  it('lets mike assume developers but not admins, and counts sessions', async () => {
    const mike = moto.users['developer-mike']!;
    const client = sts(moto, mike.accessKeyId, mike.secretAccessKey);
    const before = await moto.assumeRoleCount();
    const out = await client.send(
      new AssumeRoleCommand({ RoleArn: moto.roles.developers, RoleSessionName: 'developer-mike' }),
    );
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/developers/developer-mike');
    expect(await moto.assumeRoleCount()).toBe(before + 1);
    await expect(
      client.send(new AssumeRoleCommand({ RoleArn: moto.roles.admins, RoleSessionName: 'x' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });

  it('stops the server process', async () => {
    const other = await startMoto({ seed: { users: [], roles: [] }, auth: false });
    await other.stop();
    await expect(fetch(`${other.endpoint}/moto-api/`)).rejects.toThrow();
  });
});
