// The developer side of the identity binding (bundle sourceIdentity: true): the session is named after the IAM
// user and carries SourceIdentity=<IAM user name>; an explicit session name is refused (exit 2); a source that
// is not an IAM user is exit 4 naming why; a session cached before the binding is not reused.
import { beforeEach, describe, expect, it } from 'vitest';
import { groupRoleSessionRequest, type GroupRoleInput } from '../../../src/credentials/group-role-request.js';
import {
  obtainRoleSession,
  type RoleSessionRequest,
} from '../../../src/credentials/role-session/obtain-role-session.js';
import { boundUserName, refuseSessionNameFor } from '../../../src/credentials/role-session/session-binding.js';
import type { SetupRecord } from '../../../src/record/setup-record.js';
import { AccessDeniedError } from '../../../src/kernel/errors.js';
import type { AwsCredentials } from '../../../src/kernel/ports.js';
import type { CredentialProvider, CredentialsDeps } from '../../../src/credentials/credentials-deps.js';
import { FakeStsGateway, FixedClock, MemoryLogger, MemorySecretStore, memoryCredentials } from '../../support/fakes.js';

const ROLE = 'arn:aws:iam::123456789012:role/eks-login/developers';
const MIKE = 'arn:aws:iam::123456789012:user/developer-mike';
const STS = { region: 'eu-west-1', endpoint: 'https://sts.eu-west-1.amazonaws.com' };

let clock: FixedClock;
let sts: FakeStsGateway;
let store: MemorySecretStore;
let base: AwsCredentials;

const deps = (): CredentialsDeps & { source: CredentialProvider } => ({
  ...memoryCredentials(clock, new MemoryLogger(), { store }),
  stsGateway: async () => sts,
  source: async () => base,
});

const obtain = (r: RoleSessionRequest, { source, ...d }: ReturnType<typeof deps>) => obtainRoleSession(r, source, d);

const request = (over: Partial<RoleSessionRequest> = {}): RoleSessionRequest => ({
  roleArn: ROLE,
  sts: STS,
  sourceKey: 'keychain:acme:AKIAMIKE',
  sourceDescription: 'the access key stored for bundle acme',
  sourceUserName: 'developer-mike',
  sourceArn: MIKE,
  loginCommand: 'eks-login login developers@demo',
  bindSourceIdentity: true,
  group: 'developers',
  ...over,
});

beforeEach(() => {
  clock = new FixedClock('2026-12-07T10:00:00Z');
  sts = new FakeStsGateway(clock);
  sts.identities.set('AKIAMIKE', { arn: MIKE, account: '123456789012', userId: 'AIDAMIKE' });
  store = new MemorySecretStore();
  base = { accessKeyId: 'AKIAMIKE', secretAccessKey: 'mike-secret' };
});

describe('a bound group (sourceIdentity: true)', () => {
  it('sends RoleSessionName and SourceIdentity = the IAM user name, and keeps the reported source identity with the session', async () => {
    const session = await obtain(request(), deps());
    expect(sts.assumeRoleRequests).toEqual([
      {
        roleArn: ROLE,
        roleSessionName: 'developer-mike',
        durationSeconds: 3600,
        sourceIdentity: 'developer-mike',
        sourceArn: MIKE,
      },
    ]);
    expect(sts.calls.at(-1)).toContain('SourceIdentity=developer-mike');
    expect(session.sourceIdentity).toBe('developer-mike');
    const again = await obtain(request(), deps());
    expect(again).toMatchObject({ fromCache: true, sourceIdentity: 'developer-mike' });
    expect(sts.assumeRoleRequests).toHaveLength(1);
  });

  it('learns the IAM user name from GetCallerIdentity for a profile or environment source', async () => {
    await obtain(request({ sourceUserName: undefined, sourceArn: undefined, sourceKey: 'env:AKIAMIKE' }), deps());
    expect(sts.calls[0]).toMatch(/^GetCallerIdentity AKIAMIKE/);
    expect(sts.assumeRoleRequests[0]).toMatchObject({
      roleSessionName: 'developer-mike',
      sourceIdentity: 'developer-mike',
    });
  });

  it('an unbound group sends no SourceIdentity (hand-made roles that do not allow sts:SetSourceIdentity keep working)', async () => {
    await obtain(request({ bindSourceIdentity: undefined }), deps());
    expect(sts.assumeRoleRequests[0]).not.toHaveProperty('sourceIdentity');
    expect(sts.calls.at(-1)).not.toContain('SourceIdentity');
  });

  it('does not reuse a session cached before the group was bound', async () => {
    await obtain(request({ bindSourceIdentity: undefined }), deps());
    const bound = await obtain(request(), deps());
    expect(bound.fromCache).toBe(false);
    expect(sts.assumeRoleRequests.map((r) => r.sourceIdentity)).toEqual([undefined, 'developer-mike']);
  });

  it.each([
    ['arn:aws:sts::123456789012:assumed-role/ops/carol', 'is a role session (role chaining), not an IAM user'],
    [
      'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_EKSDevelopers_4f8e2a1c9b7d3e65/sara@example.com',
      'is an IAM Identity Center (sso) session, not an IAM user',
    ],
    ['arn:aws:sts::123456789012:federated-user/bob', 'is a federated user, not an IAM user'],
  ])('a source %s is exit 4 naming why, before any AssumeRole', async (arn, why) => {
    base = { accessKeyId: 'ASIACHAIN', secretAccessKey: 's', sessionToken: 't' };
    sts.identities.set('ASIACHAIN', { arn, account: '123456789012', userId: 'AROA:x' });
    const failure = obtain(
      request({ sourceUserName: undefined, sourceArn: undefined, sourceKey: 'profile:chain' }),
      deps(),
    );
    await expect(failure).rejects.toMatchObject({
      exitCode: 4,
      code: 'SOURCE_IDENTITY_NOT_IAM_USER',
      message: expect.stringContaining(`the source identity ${arn} ${why}`),
    });
    await expect(failure).rejects.toMatchObject({
      message: expect.stringContaining(
        `cannot assume ${ROLE} for group developers: its role binds the session to an IAM user name`,
      ),
    });
    expect(sts.assumeRoleRequests).toEqual([]);
  });

  it('AccessDenied says what the role checks and names the name that was sent', async () => {
    sts.failures.push(
      new AccessDeniedError(`AssumeRole ${ROLE} at ${STS.endpoint} was denied for ${MIKE}: not authorized`, {
        sts: { reason: 'access-denied', endpoint: STS.endpoint, caller: MIKE },
      }),
    );
    await expect(obtain(request({ storedKey: true }), deps())).rejects.toMatchObject({
      exitCode: 5,
      message: expect.stringContaining('was denied for'),
      hint: expect.stringContaining(
        "allows sts:AssumeRole only as your IAM user name (session name and SourceIdentity developer-mike, which eks-login sent): ask your admin to add IAM user developer-mike to the group's members",
      ),
    });
  });

  it('an IAM user name STS cannot take as a session name is exit 4 too', () => {
    expect(() =>
      boundUserName({ roleArn: ROLE, sourceArn: 'arn:aws:iam::123456789012:user/x', sourceDescription: 'env' }),
    ).toThrow(
      expect.objectContaining({ exitCode: 4, message: expect.stringContaining('"x" is not a valid session name') }),
    );
    expect(
      boundUserName({
        roleArn: ROLE,
        sourceArn: 'arn:aws:iam::123456789012:user/team/developer-mike',
        sourceDescription: 'env',
      }),
    ).toBe('developer-mike');
  });
});

describe('an explicit session name', () => {
  const record = (sourceIdentity: boolean | undefined): SetupRecord => ({
    version: 1,
    bundle: {
      apiVersion: 'eks-login/v1',
      kind: 'Bundle',
      name: 'acme',
      clusters: [],
      groups: [{ name: 'developers', roleArn: ROLE, ...(sourceIdentity !== undefined ? { sourceIdentity } : {}) }],
    },
    group: 'developers',
    groups: ['developers'],
    source: { kind: 'keychain', accessKeyId: 'AKIAMIKE', userArn: MIKE, userName: 'developer-mike' },
    kubeconfigPath: '/tmp/kubeconfig',
    contexts: [],
    setupAt: '2026-12-07T10:00:00Z',
  });
  const input = (sourceIdentity: boolean | undefined): GroupRoleInput => ({
    roleArn: ROLE,
    sts: STS,
    plan: {
      source: { kind: 'keychain', bundle: 'acme', accessKeyId: 'AKIAMIKE', userName: 'developer-mike' },
      key: 'keychain:acme:AKIAMIKE',
      regionProfile: 'default',
      reason: 'the access key stored for bundle acme',
      skipped: [],
    },
    record: record(sourceIdentity),
    groupName: 'developers',
    sessionName: { name: 'admin-oliver', via: '--session-name' },
  });

  it('is refused for a bound group with exit 2, before any cache or STS', () => {
    expect(() => groupRoleSessionRequest(input(true))).toThrow(
      expect.objectContaining({
        exitCode: 2,
        code: 'SESSION_NAME_BOUND',
        message:
          '--session-name admin-oliver cannot be used with group developers: its role binds the session name to your IAM user name (sourceIdentity in the bundle)',
      }),
    );
    expect(() =>
      refuseSessionNameFor({ name: 'developers', sourceIdentity: true }, { name: 'developer-mike', via: '-s' }),
    ).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => refuseSessionNameFor({ name: 'developers', sourceIdentity: true }, undefined)).not.toThrow();
  });

  it('names the session of an unbound group, in a cache entry of its own', async () => {
    const named = groupRoleSessionRequest(input(undefined));
    expect(named).toMatchObject({ sessionName: { name: 'admin-oliver' } });
    expect(named).not.toHaveProperty('bindSourceIdentity');
    expect(groupRoleSessionRequest({ ...input(true), sessionName: undefined })).toMatchObject({
      bindSourceIdentity: true,
    });
    await obtain(request({ bindSourceIdentity: undefined }), deps());
    await obtain({ ...request({ bindSourceIdentity: undefined }), sessionName: named.sessionName }, deps());
    expect(sts.assumeRoleRequests.map((r) => r.roleSessionName)).toEqual(['developer-mike', 'admin-oliver']);
  });
});
