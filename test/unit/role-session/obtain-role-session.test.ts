// The role-session use case with fakes: cache reuse and margins, single-flight, MFA rules, session
// names and durations, ExpiredToken refresh, cache failures never fatal.
import { beforeEach, describe, expect, it } from 'vitest';
import { CredentialsError, NetworkError, StoreError } from '../../../src/kernel/errors.js';
import {
  obtainRoleSession,
  type RoleSessionRequest,
} from '../../../src/credentials/role-session/obtain-role-session.js';
import type { CredentialProvider, CredentialsDeps } from '../../../src/credentials/credentials-deps.js';
import type { MfaPrompt } from '../../../src/kernel/ports.js';
import type { AwsCredentials } from '../../../src/kernel/ports.js';
import {
  FakeStsGateway,
  FixedClock,
  MemoryLocker,
  MemoryLogger,
  MemorySecretStore,
  memoryCredentials,
} from '../../support/fakes.js';

const ROLE = 'arn:aws:iam::123456789012:role/developers';
const MIKE = 'arn:aws:iam::123456789012:user/developer-mike';

class ScriptedMfa implements MfaPrompt {
  readonly questions: string[] = [];
  constructor(
    readonly available: boolean,
    private readonly answers: string[] = ['123456'],
  ) {}
  async ask(question: string): Promise<string> {
    this.questions.push(question);
    return this.answers.shift() ?? '';
  }
}

let clock: FixedClock;
let sts: FakeStsGateway;
let store: MemorySecretStore;
let locker: MemoryLocker;
let logger: MemoryLogger;
let mfa: ScriptedMfa;
let baseCalls: boolean[];
let base: AwsCredentials;

type TestDeps = CredentialsDeps & { source: CredentialProvider };

function deps(overrides: Partial<CredentialsDeps> = {}): TestDeps {
  return {
    ...memoryCredentials(clock, logger, { store, lock: locker }),
    mfa: async () => mfa,
    stsGateway: async () => sts,
    source: async ({ refresh }) => {
      baseCalls.push(refresh);
      return base;
    },
    ...overrides,
  };
}

const obtain = (r: RoleSessionRequest, { source, ...d }: TestDeps) => obtainRoleSession(r, source, d);

/** A session index that only records what it is told (`stored`). */
const listingOf =
  (stored: (account: string) => Promise<void>): CredentialsDeps['listing'] =>
  async () => ({ stored, remove: async () => undefined });

const request = (over: Partial<RoleSessionRequest> = {}): RoleSessionRequest => ({
  roleArn: ROLE,
  sts: { region: 'eu-west-1', endpoint: 'https://sts.eu-west-1.amazonaws.com' },
  sourceKey: 'keychain:acme:AKIAMIKE',
  sourceDescription: 'the access key stored for bundle acme',
  sourceUserName: 'developer-mike',
  sourceArn: MIKE,
  loginCommand: 'eks-login login developers@demo',
  ...over,
});

beforeEach(() => {
  clock = new FixedClock('2025-01-02T03:04:05Z');
  sts = new FakeStsGateway(clock);
  sts.identities.set('AKIAMIKE', { arn: MIKE, account: '123456789012', userId: 'AIDAMIKE' });
  store = new MemorySecretStore();
  locker = new MemoryLocker();
  logger = new MemoryLogger();
  mfa = new ScriptedMfa(false);
  baseCalls = [];
  base = { accessKeyId: 'AKIAMIKE', secretAccessKey: 'mike-secret' };
});

describe('obtainRoleSession', () => {
  it('assumes the role as the IAM user, caches it, and reuses it without touching the source', async () => {
    const first = await obtain(request({ groupDurationSeconds: 7200 }), deps());
    expect(first.fromCache).toBe(false);
    expect(first.assumedRoleArn).toBe('arn:aws:sts::123456789012:assumed-role/developers/developer-mike');
    expect(sts.assumeRoleRequests).toEqual([
      { roleArn: ROLE, roleSessionName: 'developer-mike', durationSeconds: 7200, sourceArn: MIKE },
    ]);
    expect(first.account).toMatch(/^role-session\/[0-9a-f]{16}$/);
    clock.advance(60 * 60 * 1000);
    const second = await obtain(request(), deps());
    expect(second.fromCache).toBe(true);
    expect(second.credentials.accessKeyId).toBe(first.credentials.accessKeyId);
    expect(baseCalls).toEqual([false]);
    expect(sts.assumeRoleRequests).toHaveLength(1);
  });

  it('lists the session for logout when it is stored and again when it is reused (a lost index heals)', async () => {
    const listed: string[] = [];
    const onStored = async (account: string): Promise<void> => void listed.push(account);
    const first = await obtain(request(), deps({ listing: listingOf(onStored) }));
    const second = await obtain(
      request(),
      deps({ listing: listingOf(async () => Promise.reject(new Error('index unwritable'))) }),
    );
    expect(second.fromCache).toBe(true);
    await obtain(request(), deps({ listing: listingOf(onStored) }));
    expect(listed).toEqual([first.account, first.account]);
  });

  it('refreshes 15 minutes before expiry, and when a token would outlive the session', async () => {
    await obtain(request(), deps());
    clock.advance(44 * 60 * 1000); // 16 min left
    expect((await obtain(request(), deps())).fromCache).toBe(true);
    const mustOutlive = new Date(clock.now().getTime() + 17 * 60 * 1000);
    expect((await obtain(request({ mustOutlive }), deps())).fromCache).toBe(false);
    clock.advance(46 * 60 * 1000); // 14 min left of the second session
    expect((await obtain(request(), deps())).fromCache).toBe(false);
    expect(sts.assumeRoleRequests).toHaveLength(3);
  });

  it('keys the cache by source identity: another user never gets this session', async () => {
    await obtain(request(), deps());
    await obtain(request({ sourceKey: 'profile:other' }), deps());
    expect(sts.assumeRoleRequests).toHaveLength(2);
    expect(store.entries.size).toBe(2);
  });

  it('is single-flight: concurrent callers share one AssumeRole', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => obtain(request(), deps())));
    expect(sts.assumeRoleRequests).toHaveLength(1);
    expect(results.filter((r) => !r.fromCache)).toHaveLength(1);
    expect(new Set(results.map((r) => r.credentials.accessKeyId)).size).toBe(1);
  });

  it('passes ExternalId, and caps chained sessions at one hour', async () => {
    base = { accessKeyId: 'AKIAMIKE', secretAccessKey: 's', sessionToken: 'sso-token' };
    await obtain(request({ externalId: 'ext-1', groupDurationSeconds: 43200 }), deps());
    expect(sts.assumeRoleRequests[0]).toMatchObject({ externalId: 'ext-1', durationSeconds: 3600 });
  });

  it('learns the session name from GetCallerIdentity when setup did not record it', async () => {
    sts.identities.set('ASIASSO', {
      arn: 'arn:aws:sts::123456789012:assumed-role/SSODev/mike@acme.com',
      account: '123456789012',
      userId: 'x',
    });
    base = { accessKeyId: 'ASIASSO', secretAccessKey: 's', sessionToken: 't' };
    const out = await obtain(
      request({ sourceUserName: undefined, sourceArn: undefined, sourceKey: 'profile:sso' }),
      deps(),
    );
    expect(sts.assumeRoleRequests[0]).toMatchObject({ roleSessionName: 'mike@acme.com', durationSeconds: 3600 });
    expect(out.sourceArn).toContain('assumed-role/SSODev');
  });

  describe('MFA', () => {
    const serial = 'arn:aws:iam::123456789012:mfa/developer-mike';

    it('fails fast with exit 4 and the login hint when no terminal can answer', async () => {
      const error = await obtain(request({ mfaRequired: true, mfaSerial: serial }), deps()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CredentialsError);
      expect(error).toMatchObject({ exitCode: 4, hint: 'run: eks-login login developers@demo' });
      expect((error as Error).message).toContain(ROLE);
      expect(sts.calls).toEqual([]);
    });

    it('asks once on the terminal, sends SerialNumber and TokenCode, then serves everyone from the cache', async () => {
      mfa = new ScriptedMfa(true, ['12', '654321']);
      await Promise.all(
        Array.from({ length: 5 }, () => obtain(request({ mfaRequired: true, mfaSerial: serial }), deps())),
      );
      expect(mfa.questions).toHaveLength(2); // one retry after a malformed answer, one prompt overall
      expect(mfa.questions[0]).toContain(serial);
      expect(sts.assumeRoleRequests).toEqual([expect.objectContaining({ serialNumber: serial, tokenCode: '654321' })]);
    });
  });

  it('derives the MFA device from the IAM user when none is configured', async () => {
    mfa = new ScriptedMfa(true);
    await obtain(request({ mfaRequired: true }), deps());
    expect(sts.assumeRoleRequests[0]).toMatchObject({
      serialNumber: 'arn:aws:iam::123456789012:mfa/developer-mike',
      tokenCode: '123456',
    });
  });

  const STS_AT = 'https://sts.eu-west-1.amazonaws.com';
  const expired = (message: string): CredentialsError =>
    new CredentialsError(message, {
      code: 'EXPIRED_TOKEN',
      sts: { reason: 'expired-token', endpoint: STS_AT, caller: MIKE, awsCode: 'ExpiredToken' },
    });

  it('refreshes the source once on ExpiredToken, then gives up with exit 4', async () => {
    sts.failures.push(expired('expired'));
    await obtain(request(), deps());
    expect(baseCalls).toEqual([false, true]);
    sts.failures.push(expired('expired'), expired('expired again'));
    await expect(obtain(request({ forceRefresh: true }), deps())).rejects.toMatchObject({
      exitCode: 4,
      message: 'expired again',
    });
  });

  it('decides on the typed STS reason, never on the message or code text', async () => {
    // An error that only says "expired" in words is not refreshed on: the reason field decides.
    sts.failures.push(
      new CredentialsError('the credentials of x have expired (STS: ExpiredToken)', { code: 'EXPIRED_TOKEN' }),
    );
    await expect(obtain(request(), deps())).rejects.toMatchObject({
      message: expect.stringContaining('expired'),
    });
    expect(baseCalls).toEqual([false]);
    // Whatever the adapter's words, a rejected stored key gets core's message built from the typed fields.
    const rejected = new CredentialsError('worded differently by the adapter', {
      code: 'CREDENTIALS_REJECTED',
      sts: {
        reason: 'credentials-rejected',
        endpoint: STS_AT,
        caller: 'access key …MIKE',
        awsCode: 'InvalidClientTokenId',
        awsMessage: 'The security token included in the request is invalid.',
      },
    });
    sts.failures.push(rejected);
    const error = await obtain(request({ storedKey: true, setupCommand: 'eks-login setup ./acme.json' }), deps()).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      exitCode: 4,
      code: 'ACCESS_KEY_REJECTED',
      message: `the stored access key was rejected by STS at ${STS_AT} for access key …MIKE (InvalidClientTokenId): The security token included in the request is invalid.`,
      hint: expect.stringContaining('re-running `eks-login setup ./acme.json`'),
      sts: { reason: 'credentials-rejected' },
    });
    // Not a stored key: the adapter's error goes through unchanged.
    sts.failures.push(rejected);
    await expect(obtain(request({ forceRefresh: true }), deps())).rejects.toBe(rejected);
  });

  it('never deletes the cached session because STS is unreachable', async () => {
    await obtain(request(), deps());
    const stored = [...store.entries.values()];
    sts.failures.push(new NetworkError('STS unreachable'));
    await expect(obtain(request({ forceRefresh: true }), deps())).rejects.toBeInstanceOf(NetworkError);
    expect([...store.entries.values()]).toEqual(stored);
  });

  it('treats an unreadable or unwritable cache as a miss with a warning, not a failure', async () => {
    store.failWith = new StoreError('keychain broke');
    const out = await obtain(request(), deps());
    expect(out.fromCache).toBe(false);
    expect(logger.warnings.join('\n')).toMatch(/could not cache the role session for .*developers.*keychain broke/);
  });
});
