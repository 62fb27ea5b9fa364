// The policy documents `admin apply` writes (admin/names.ts), decided by the sandbox's STS (its IAM
// evaluator: StringEquals with ${aws:username}, deny wins, trust policy AND identity policy, sts:SetSourceIdentity
// when SourceIdentity is passed): a member assumes the group role only under their own IAM user name.
import { describe, expect, it } from 'vitest';
import { assumeRole } from '../../../packages/sandbox/src/sts/assume-role.js';
import { createState, type Principal, type SandboxState } from '../../../packages/sandbox/src/state.js';
import type { PolicyDocument, World, WorldUser } from '../../../packages/sandbox/src/world-types.js';
import { groupPolicy, groupPolicyBindsUser, trustAllowsSourceIdentity, trustPolicy } from '../../../src/admin/names.js';
import type { AccessGroup } from '../../../src/admin/access/types.js';
import { FixedClock } from '../../support/fakes.js';

const ACCOUNT = '123456789012';
const identity = { account: ACCOUNT, partition: 'aws', arn: `arn:aws:iam::${ACCOUNT}:user/eks-admin` };
const ROLE = `arn:aws:iam::${ACCOUNT}:role/eks-login/developers`;
const group = (mfa = false): AccessGroup => ({
  name: 'developers',
  role: { name: 'developers', mfa },
  members: ['developer-mike', 'admin-oliver'],
  kubernetes: { clusterRole: 'view' },
});

function user(name: string, policies: PolicyDocument[] = []): WorldUser {
  return {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    id: `AIDA${name.toUpperCase().replace(/-/g, '')}`,
    accessKeys: [],
    policies,
  };
}

function sandboxWorld(
  options: {
    mfa?: boolean;
    groupDoc?: PolicyDocument;
    trustDoc?: PolicyDocument;
    extraUserPolicy?: PolicyDocument;
  } = {},
): SandboxState {
  const world: World = {
    account: ACCOUNT,
    bundleName: 'sandbox',
    groups: [],
    users: [
      user('developer-mike', options.extraUserPolicy ? [options.extraUserPolicy] : []),
      user('admin-oliver'),
      user('outsider'),
    ],
    roles: [
      {
        name: 'developers',
        path: '/eks-login/',
        arn: ROLE,
        id: 'AROADEVELOPERS',
        maxSessionDuration: 3600,
        trustPolicy: options.trustDoc ?? (trustPolicy(identity, group(options.mfa)) as unknown as PolicyDocument),
        policies: [],
      },
    ],
    clusters: [],
    iamGroups: [
      {
        name: 'eks-login-developers',
        path: '/eks-login/acme/',
        id: 'AGPADEVELOPERS',
        arn: `arn:aws:iam::${ACCOUNT}:group/eks-login/acme/eks-login-developers`,
        members: ['developer-mike', 'admin-oliver'],
        policies: { 'eks-login-assume-role': options.groupDoc ?? (groupPolicy(ROLE) as unknown as PolicyDocument) },
      },
    ],
  };
  return createState(world, new FixedClock('2026-12-07T10:00:00Z'), () => undefined);
}

const as = (state: SandboxState, name: string): Principal => {
  const u = state.world.users.find((x) => x.name === name)!;
  return { kind: 'user', user: u, arn: u.arn, userId: u.id, account: ACCOUNT, mfaPresent: false };
};

function assume(state: SandboxState, caller: Principal, params: Record<string, string>): Record<string, unknown> {
  return assumeRole(state, caller, new URLSearchParams({ RoleArn: ROLE, ...params }));
}

const denied = (action = 'sts:AssumeRole') =>
  expect.objectContaining({
    code: 'AccessDenied',
    message: expect.stringContaining(`is not authorized to perform: ${action} on resource: ${ROLE}`),
  });

describe('the identity binding admin apply writes, decided by the sandbox STS', () => {
  it('the group policy binds the session name and SourceIdentity to ${aws:username}; the trust policy allows both actions', () => {
    expect(groupPolicy(ROLE)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EksLoginAssumeRole',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: ROLE,
          Condition: { StringEquals: { 'sts:RoleSessionName': '${aws:username}' } },
        },
        {
          Sid: 'EksLoginSetSourceIdentity',
          Effect: 'Allow',
          Action: 'sts:SetSourceIdentity',
          Resource: ROLE,
          Condition: { StringEquals: { 'sts:SourceIdentity': '${aws:username}' } },
        },
      ],
    });
    expect(trustPolicy(identity, group())).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EksLoginAssumeRole',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        },
      ],
    });
    expect(trustPolicy(identity, group(true))).toMatchObject({
      Statement: [{ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
    });
    expect(groupPolicyBindsUser(groupPolicy(ROLE))).toBe(true);
    expect(trustAllowsSourceIdentity(trustPolicy(identity, group()))).toBe(true);
  });

  it('mike passes under his own name, with and without SourceIdentity, and STS reports the source identity', () => {
    const state = sandboxWorld();
    const plain = assume(state, as(state, 'developer-mike'), { RoleSessionName: 'developer-mike' });
    expect(plain.AssumedRoleUser).toMatchObject({
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/developers/developer-mike`,
    });
    const bound = assume(state, as(state, 'developer-mike'), {
      RoleSessionName: 'developer-mike',
      SourceIdentity: 'developer-mike',
    });
    expect(bound.SourceIdentity).toBe('developer-mike');
    expect(state.decisions.at(-1)).toMatchObject({
      allowed: true,
      reason: expect.stringContaining('source identity developer-mike'),
    });
  });

  it('a forged session name or SourceIdentity is AccessDenied, naming what the policy checked', () => {
    const state = sandboxWorld();
    const mike = as(state, 'developer-mike');
    expect(() => assume(state, mike, { RoleSessionName: 'admin-oliver' })).toThrow(denied());
    expect(() => assume(state, mike, { RoleSessionName: 'admin-oliver' })).toThrow(
      expect.objectContaining({
        reason: expect.stringContaining('sts:RoleSessionName=admin-oliver, aws:username=developer-mike'),
      }),
    );
    expect(() => assume(state, mike, { RoleSessionName: 'developer-mike', SourceIdentity: 'admin-oliver' })).toThrow(
      denied('sts:SetSourceIdentity'),
    );
    // Case matters: StringEquals is exact, as in IAM.
    expect(() => assume(state, mike, { RoleSessionName: 'Developer-Mike' })).toThrow(denied());
    // oliver is a member too, and passes only as himself.
    expect(
      assume(state, as(state, 'admin-oliver'), { RoleSessionName: 'admin-oliver', SourceIdentity: 'admin-oliver' })
        .SourceIdentity,
    ).toBe('admin-oliver');
    // Not a member: no identity policy at all, although the trust policy admits the whole account.
    expect(() => assume(state, as(state, 'outsider'), { RoleSessionName: 'outsider' })).toThrow(denied());
  });

  it('the trust policy AND the identity policy are both needed, and an explicit Deny wins over the binding', () => {
    const noSetSource = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow' as const, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
      ],
    };
    const old = sandboxWorld({ trustDoc: noSetSource });
    // The old trust policy (no sts:SetSourceIdentity) refuses SourceIdentity even when the group policy allows it.
    expect(() =>
      assume(old, as(old, 'developer-mike'), { RoleSessionName: 'developer-mike', SourceIdentity: 'developer-mike' }),
    ).toThrow(denied('sts:SetSourceIdentity'));
    expect(assume(old, as(old, 'developer-mike'), { RoleSessionName: 'developer-mike' }).AssumedRoleUser).toBeDefined();
    // A Deny on mike's own policies beats the group's Allow.
    const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny' as const, Action: 'sts:*', Resource: ROLE }] };
    const denying = sandboxWorld({ extraUserPolicy: deny });
    expect(() => assume(denying, as(denying, 'developer-mike'), { RoleSessionName: 'developer-mike' })).toThrow(
      expect.objectContaining({
        code: 'AccessDenied',
        reason: expect.stringContaining('explicitly denied by an identity policy'),
      }),
    );
  });

  it('a role session has no ${aws:username}: chaining into a bound role is refused under any name', () => {
    const state = sandboxWorld();
    const first = assume(state, as(state, 'developer-mike'), {
      RoleSessionName: 'developer-mike',
      SourceIdentity: 'developer-mike',
    }) as { Credentials: { AccessKeyId: string } };
    const session = state.sessions.get(first.Credentials.AccessKeyId)!;
    // The session's role may assume anything: still, the trust policy alone (account root) is not enough.
    session.role.policies = [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] },
    ];
    const chained: Principal = {
      kind: 'session',
      session,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/developers/developer-mike`,
      userId: 'AROADEVELOPERS:developer-mike',
      account: ACCOUNT,
      mfaPresent: false,
    };
    const out = assume(state, chained, { RoleSessionName: 'developer-mike' });
    // Its identity policy allows it: the source identity is carried over and cannot be changed.
    expect(out.SourceIdentity).toBe('developer-mike');
    expect(() => assume(state, chained, { RoleSessionName: 'developer-mike', SourceIdentity: 'admin-oliver' })).toThrow(
      denied('sts:SetSourceIdentity'),
    );
    // With only the group-style bound policy, a role session matches nothing (no aws:username).
    session.role.policies = [groupPolicy(ROLE) as unknown as PolicyDocument];
    expect(() => assume(state, chained, { RoleSessionName: 'developer-mike' })).toThrow(denied());
  });

  it('with mfa: true the trust policy needs MFA for both actions', () => {
    const state = sandboxWorld({ mfa: true });
    expect(() =>
      assume(state, as(state, 'developer-mike'), {
        RoleSessionName: 'developer-mike',
        SourceIdentity: 'developer-mike',
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'AccessDenied',
        reason: expect.stringContaining('aws:MultiFactorAuthPresent=false'),
      }),
    );
  });
});
