// The STS emulator against an independent client (@aws-sdk/client-sts): what it accepts and what it
// refuses, with STS's own error codes.
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../packages/sandbox/src/index.js';
import type { Sandbox } from '../../packages/sandbox/src/index.js';
import { totp } from '../../packages/sandbox/src/totp.js';
import { FixedClock } from '../support/fakes.js';
import { stsClient } from '../support/sandbox-clients.js';
import type { Keys } from '../support/sandbox-clients.js';

const ROLE = (name: string): string => `arn:aws:iam::123456789012:role/${name}`;
const clock = new FixedClock(new Date());
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ clock });
});
afterAll(async () => sb?.stop());

const mike = () => sb.users['developer-mike']!;
const assume = (keys: Keys = mike(), input: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}) =>
  stsClient(sb, keys).send(
    new AssumeRoleCommand({ RoleArn: ROLE('developers'), RoleSessionName: 'developer-mike', ...input }),
  );

describe('STS emulator: GetCallerIdentity and AssumeRole', () => {
  it('answers GetCallerIdentity for an IAM user', async () => {
    const id = await stsClient(sb, mike()).send(new GetCallerIdentityCommand({}));
    expect(id).toMatchObject({ Arn: 'arn:aws:iam::123456789012:user/developer-mike', Account: '123456789012' });
    expect(id.UserId).toMatch(/^AIDA/);
  });

  it('issues temporary credentials the SDK parses, valid for DurationSeconds', async () => {
    const out = await assume(mike(), { DurationSeconds: 1800 });
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/developers/developer-mike');
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.Credentials!.Expiration!.getTime() - clock.now().getTime()).toBeGreaterThan(1790_000);
    const creds = {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    };
    const id = await stsClient(sb, creds).send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe('arn:aws:sts::123456789012:assumed-role/developers/developer-mike');
    expect(id.UserId).toMatch(/^AROA[A-Z0-9]+:developer-mike$/);
  });

  it('refuses an unknown access key, a wrong secret and a missing session token', async () => {
    await expect(
      stsClient(sb, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }).send(
        new GetCallerIdentityCommand({}),
      ),
    ).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    await expect(
      stsClient(sb, { ...mike(), secretAccessKey: `${mike().secretAccessKey}x` }).send(
        new GetCallerIdentityCommand({}),
      ),
    ).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    const out = await assume();
    await expect(
      stsClient(sb, {
        accessKeyId: out.Credentials!.AccessKeyId!,
        secretAccessKey: out.Credentials!.SecretAccessKey!,
      }).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });

  it('refuses expired temporary credentials', async () => {
    const out = await assume(mike(), { DurationSeconds: 900 });
    const creds = {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    };
    clock.advance(901_000);
    try {
      await expect(stsClient(sb, creds, 'eu-west-1').send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
        name: 'ExpiredToken',
      });
    } finally {
      clock.set(new Date());
    }
  });

  it('refuses a role the identity policy does not allow, naming caller and role', async () => {
    await expect(assume(mike(), { RoleArn: ROLE('admins') })).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::123456789012:user/developer-mike is not authorized to perform: sts:AssumeRole on resource: ${ROLE('admins')}`,
    });
    await expect(assume(mike(), { RoleArn: ROLE('nope') })).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(sb.decisions.some((d) => !d.allowed && d.reason.includes('no identity policy allows'))).toBe(true);
  });

  it('enforces DurationSeconds bounds (900..MaxSessionDuration) and refuses a session its own role does not allow', async () => {
    await expect(assume(mike(), { DurationSeconds: 899 })).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(assume(mike(), { DurationSeconds: 3601 })).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('MaxSessionDuration'),
    });
    const code = totp(mike().mfaSecret!, clock.now());
    const oncall = await assume(mike(), {
      RoleArn: ROLE('oncall'),
      DurationSeconds: 7200,
      SerialNumber: 'arn:aws:iam::123456789012:mfa/developer-mike',
      TokenCode: code,
    });
    const creds = {
      accessKeyId: oncall.Credentials!.AccessKeyId!,
      secretAccessKey: oncall.Credentials!.SecretAccessKey!,
      sessionToken: oncall.Credentials!.SessionToken!,
    };
    // oncall's own identity policies allow nothing, so give the trust check its due: chaining into oncall again.
    await expect(assume(creds, { RoleArn: ROLE('oncall'), DurationSeconds: 3700 })).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });

  it('demands MFA for the oncall role and checks the TOTP code for real', async () => {
    const serial = 'arn:aws:iam::123456789012:mfa/developer-mike';
    await expect(assume(mike(), { RoleArn: ROLE('oncall') })).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(sb.decisions.at(-1)?.reason).toContain(
      'the trust policy does not allow this caller (aws:MultiFactorAuthPresent=false, sts:ExternalId absent)',
    );
    const wrong = String((Number(totp(mike().mfaSecret!, clock.now())) + 1) % 1_000_000).padStart(6, '0');
    await expect(
      assume(mike(), { RoleArn: ROLE('oncall'), SerialNumber: serial, TokenCode: wrong }),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('MultiFactorAuthentication failed'),
    });
    const ok = await assume(mike(), {
      RoleArn: ROLE('oncall'),
      SerialNumber: serial,
      TokenCode: totp(mike().mfaSecret!, clock.now()),
    });
    expect(ok.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/oncall/developer-mike');
  });

  it('validates RoleSessionName', async () => {
    await expect(assume(mike(), { RoleSessionName: 'bad name!' })).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('counts calls and logs every decision with its reason', () => {
    expect(sb.stats().assumeRole).toBeGreaterThan(5);
    expect(sb.decisions.every((d) => d.component === 'sts' && d.reason.length > 0)).toBe(true);
  });
});

describe('STS emulator: role chaining', () => {
  const arn = (name: string): string => `arn:aws:iam::333344445555:role/${name}`;
  const sessionKeys = (out: {
    Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string };
  }): Keys => ({
    accessKeyId: out.Credentials!.AccessKeyId!,
    secretAccessKey: out.Credentials!.SecretAccessKey!,
    sessionToken: out.Credentials!.SessionToken!,
  });
  const chainAssume = (sandbox: Sandbox, keys: Keys, role: string, DurationSeconds?: number) =>
    stsClient(sandbox, keys).send(
      new AssumeRoleCommand({
        RoleArn: arn(role),
        RoleSessionName: 'carol',
        ...(DurationSeconds ? { DurationSeconds } : {}),
      }),
    );

  it('admits the sessions of a role its trust policy names, caps a chained session at 1 h, and refuses others', async () => {
    const chained = await startSandbox({
      world: join(import.meta.dirname, '..', 'fixtures', 'worlds', 'chaining.yaml'),
    });
    try {
      const carol = chained.users.carol!;
      const jump = sessionKeys(await chainAssume(chained, carol, 'ops/jump'));
      const target = await chainAssume(chained, jump, 'target', 3600);
      expect(target.AssumedRoleUser?.Arn).toBe('arn:aws:sts::333344445555:assumed-role/target/carol');
      await expect(chainAssume(chained, jump, 'target', 3601)).rejects.toMatchObject({
        name: 'ValidationError',
        message: expect.stringContaining('1 hour session limit'),
      });
      // target trusts only ops/jump: carol herself and a session of another role are refused.
      await expect(chainAssume(chained, carol, 'target', 7200)).rejects.toMatchObject({ name: 'AccessDenied' });
      const other = sessionKeys(await chainAssume(chained, carol, 'other'));
      await expect(chainAssume(chained, other, 'target')).rejects.toMatchObject({ name: 'AccessDenied' });
    } finally {
      await chained.stop();
    }
  });
});

describe('STS emulator: world-specific keys', () => {
  it('refuses an inactive key', async () => {
    const other = await startSandbox({
      world: join(import.meta.dirname, '..', 'fixtures', 'worlds', 'two-clusters.yaml'),
    });
    try {
      const inactive = {
        accessKeyId: 'AKIAFIXEDDANA0000002',
        secretAccessKey: 'danaOldSecret000000000000000000000000000',
      };
      await expect(stsClient(other, inactive).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
        name: 'InvalidClientTokenId',
      });
      const id = await stsClient(other, other.users.dana!).send(new GetCallerIdentityCommand({}));
      expect(id.Arn).toBe('arn:aws:iam::210987654321:user/dana');
    } finally {
      await other.stop();
    }
  });

  it('starts in under 2 s and frees its ports on stop', async () => {
    const t0 = performance.now();
    const s = await startSandbox();
    const elapsed = performance.now() - t0;
    await s.stop();
    expect(elapsed).toBeLessThan(2000);
    const port = Number(new URL(s.stsEndpoint).port);
    const refused = await new Promise<string>((done) =>
      connect(port, '127.0.0.1')
        .on('connect', () => done('connected'))
        .on('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'error')),
    );
    expect(refused).toBe('ECONNREFUSED');
    expect(existsSync(s.dir)).toBe(false);
  });
});
