// The sandbox's decision rules in isolation: IAM policy evaluation, RBAC rule matching, request
// attributes, ARN canonicalisation, identity mapping and the verifier's format checks (docs/token.md, "What the token is").
import { describe, expect, it } from 'vitest';
import { canonicalizeArn, checkTokenFormat, TokenRejected } from '../../packages/sandbox/src/eks/token-verifier.js';
import { mapIdentity } from '../../packages/sandbox/src/eks/identity-mapping.js';
import { Rbac, ruleAllows } from '../../packages/sandbox/src/eks/rbac.js';
import { requestInfo } from '../../packages/sandbox/src/eks/request-info.js';
import { evaluate } from '../../packages/sandbox/src/iam-policy.js';
import { parseWorld } from '../../packages/sandbox/src/world-load.js';
import type { WorldCluster } from '../../packages/sandbox/src/world-types.js';

describe('IAM policy evaluation', () => {
  const allowDev = {
    Statement: [
      { Effect: 'Allow' as const, Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::123456789012:role/dev*' },
    ],
  };
  const deny = { Statement: [{ Effect: 'Deny' as const, Action: 'sts:*', Resource: '*' }] };
  const req = (resource: string) => ({ action: 'sts:AssumeRole', resource, context: {} });
  it('allows by wildcard, denies implicitly, and an explicit Deny wins', () => {
    expect(evaluate([allowDev], req('arn:aws:iam::123456789012:role/developers'))).toBe('allow');
    expect(evaluate([allowDev], req('arn:aws:iam::123456789012:role/admins'))).toBe('implicit-deny');
    expect(evaluate([allowDev, deny], req('arn:aws:iam::123456789012:role/developers'))).toBe('deny');
  });
  it('matches the account root principal and checks conditions (missing key fails)', () => {
    const trust = {
      Statement: [
        {
          Effect: 'Allow' as const,
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ],
    };
    const base = {
      action: 'sts:AssumeRole',
      principal: 'arn:aws:iam::123456789012:user/x',
      principalAccount: '123456789012',
    };
    expect(evaluate([trust], { ...base, context: { 'aws:MultiFactorAuthPresent': 'true' } })).toBe('allow');
    expect(evaluate([trust], { ...base, context: { 'aws:MultiFactorAuthPresent': 'false' } })).toBe('implicit-deny');
    expect(evaluate([trust], { ...base, context: {} })).toBe('implicit-deny');
    expect(
      evaluate([trust], {
        ...base,
        principalAccount: '999999999999',
        context: { 'aws:MultiFactorAuthPresent': 'true' },
      }),
    ).toBe('implicit-deny');
  });
  it('replaces policy variables in 2012-10-17 documents only; a variable the request lacks matches nothing', () => {
    const bound = (version?: string) => ({
      ...(version ? { Version: version } : {}),
      Statement: [
        {
          Effect: 'Allow' as const,
          Action: 'sts:AssumeRole',
          Resource: '*',
          Condition: { StringEquals: { 'sts:RoleSessionName': '${aws:username}' } },
        },
      ],
    });
    const as = (context: Record<string, string>) => ({
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::123456789012:role/dev',
      context,
    });
    expect(evaluate([bound('2012-10-17')], as({ 'aws:username': 'mike', 'sts:RoleSessionName': 'mike' }))).toBe(
      'allow',
    );
    expect(evaluate([bound('2012-10-17')], as({ 'aws:username': 'mike', 'sts:RoleSessionName': 'oliver' }))).toBe(
      'implicit-deny',
    );
    // A role session has no aws:username: the condition cannot hold, whatever the name.
    expect(evaluate([bound('2012-10-17')], as({ 'sts:RoleSessionName': '${aws:username}' }))).toBe('implicit-deny');
    // Without Version 2012-10-17 IAM reads the variable as literal text.
    expect(evaluate([bound()], as({ 'aws:username': 'mike', 'sts:RoleSessionName': 'mike' }))).toBe('implicit-deny');
    expect(
      evaluate([bound('2008-10-17')], as({ 'aws:username': 'mike', 'sts:RoleSessionName': '${aws:username}' })),
    ).toBe('allow');
    // Condition keys and variable names are case-insensitive; values are not.
    expect(evaluate([bound('2012-10-17')], as({ 'AWS:UserName': 'mike', 'STS:RoleSessionName': 'mike' }))).toBe(
      'allow',
    );
    expect(evaluate([bound('2012-10-17')], as({ 'aws:username': 'mike', 'sts:RoleSessionName': 'Mike' }))).toBe(
      'implicit-deny',
    );
  });
  it('keeps replaced text literal in StringLike and Resource, and a Deny with a variable wins', () => {
    const like = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow' as const,
          Action: 'sts:AssumeRole',
          Resource: 'arn:aws:iam::123456789012:role/${aws:username}-*',
          Condition: { StringLike: { 'sts:RoleSessionName': '${aws:username}@*' } },
        },
      ],
    };
    const req = (user: string, session: string, role: string) => ({
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::123456789012:role/${role}`,
      context: { 'aws:username': user, 'sts:RoleSessionName': session },
    });
    expect(evaluate([like], req('mike', 'mike@laptop', 'mike-dev'))).toBe('allow');
    expect(evaluate([like], req('mike', 'oliver@laptop', 'mike-dev'))).toBe('implicit-deny');
    expect(evaluate([like], req('mike', 'mike@laptop', 'oliver-dev'))).toBe('implicit-deny');
    // A `*` that comes from a value never acts as a wildcard.
    expect(evaluate([like], req('m*', 'mike@x', 'mike-dev'))).toBe('implicit-deny');
    const star = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow' as const,
          Action: 'sts:AssumeRole',
          Resource: '*',
          Condition: { StringEquals: { 'sts:RoleSessionName': 'a${*}b' } },
        },
      ],
    };
    expect(evaluate([star], req('x', 'a*b', 'r'))).toBe('allow');
    expect(evaluate([star], req('x', 'axb', 'r'))).toBe('implicit-deny');
    const denyOthers = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny' as const,
          Action: 'sts:AssumeRole',
          Resource: '*',
          Condition: { StringNotEquals: { 'sts:SourceIdentity': '${aws:username}' } },
        },
      ],
    };
    const allowAll = { Statement: [{ Effect: 'Allow' as const, Action: 'sts:*', Resource: '*' }] };
    const si = (sourceIdentity?: string) => ({
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::123456789012:role/r',
      context: { 'aws:username': 'mike', 'sts:SourceIdentity': sourceIdentity },
    });
    expect(evaluate([allowAll, denyOthers], si('mike'))).toBe('allow');
    expect(evaluate([allowAll, denyOthers], si('oliver'))).toBe('deny');
    // A negated operator holds when the key is absent (IAM), so a missing SourceIdentity is denied too.
    expect(evaluate([allowAll, denyOthers], si(undefined))).toBe('deny');
  });
});

describe('RBAC', () => {
  it('matches verbs, groups, subresources and resourceNames', () => {
    const rule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'] };
    expect(ruleAllows(rule, { verb: 'get', apiGroup: '', resource: 'pods', subresource: 'log' })).toBe(true);
    expect(ruleAllows(rule, { verb: 'get', apiGroup: '', resource: 'pods', subresource: 'exec' })).toBe(false);
    expect(ruleAllows(rule, { verb: 'create', apiGroup: 'apps', resource: 'deployments' })).toBe(false);
    expect(
      ruleAllows(
        { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] },
        { verb: 'get', apiGroup: '', resource: 'pods', name: 'b' },
      ),
    ).toBe(false);
    expect(ruleAllows({ verbs: ['get'], nonResourceURLs: ['/apis/*'] }, { verb: 'get', path: '/apis/apps/v1' })).toBe(
      true,
    );
  });
  it('scopes RoleBindings to their namespace and gives every authenticated user discovery', () => {
    const rbac = new Rbac([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'r', namespace: 'apps' },
        rules: [{ verbs: ['*'], apiGroups: ['apps'], resources: ['deployments'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'b', namespace: 'apps' },
        subjects: [{ kind: 'User', name: 'u' }],
        roleRef: { kind: 'Role', name: 'r' },
      },
    ]);
    const u = { username: 'u', groups: ['system:authenticated'] };
    expect(rbac.authorize(u, { verb: 'create', apiGroup: 'apps', resource: 'deployments', namespace: 'apps' })).toBe(
      true,
    );
    expect(rbac.authorize(u, { verb: 'create', apiGroup: 'apps', resource: 'deployments', namespace: 'default' })).toBe(
      false,
    );
    expect(rbac.authorize(u, { verb: 'get', path: '/api' })).toBe(true);
    expect(rbac.authorize({ username: 'anonymous', groups: [] }, { verb: 'get', path: '/api' })).toBe(false);
  });
});

describe('request attributes', () => {
  const info = (method: string, path: string) => requestInfo(method, new URL(path, 'https://x'));
  it('reads resource, namespace, name, subresource and verb like the API server', () => {
    expect(info('GET', '/api/v1/namespaces/default/pods')).toMatchObject({
      verb: 'list',
      apiGroup: '',
      resource: 'pods',
      namespace: 'default',
    });
    expect(info('GET', '/api/v1/namespaces/default/pods/p/log')).toMatchObject({
      verb: 'get',
      resource: 'pods',
      name: 'p',
      subresource: 'log',
    });
    expect(info('POST', '/apis/apps/v1/namespaces/default/deployments')).toMatchObject({
      verb: 'create',
      apiGroup: 'apps',
      resource: 'deployments',
    });
    expect(info('GET', '/api/v1/pods?watch=true')).toMatchObject({ verb: 'watch', resource: 'pods' });
    expect(info('GET', '/apis')).toMatchObject({ isResource: false, verb: 'get', path: '/apis' });
  });
});

describe('ARN canonicalisation and mapping', () => {
  it('turns an assumed role into the path-less role ARN and keeps users', () => {
    expect(canonicalizeArn('arn:aws:sts::123456789012:assumed-role/developers/mike')).toBe(
      'arn:aws:iam::123456789012:role/developers',
    );
    expect(canonicalizeArn('arn:aws:iam::123456789012:user/mike')).toBe('arn:aws:iam::123456789012:user/mike');
    expect(() => canonicalizeArn('arn:aws:sts::123456789012:assumed-role/developers')).toThrow(TokenRejected);
    expect(() => canonicalizeArn('arn:aws-moon:iam::123456789012:user/x')).toThrow(TokenRejected);
  });
  it('fills templates, replacing @ in {{SessionName}} only', () => {
    const cluster = {
      awsAuth: {
        mapRoles: [
          {
            rolearn: 'arn:aws:iam::123456789012:role/Ops',
            username: 'ops:{{SessionName}}',
            groups: ['g-{{AccountID}}', '{{SessionNameRaw}}'],
          },
        ],
        mapUsers: [],
        mapAccounts: [],
      },
      accessEntries: [],
    } as unknown as WorldCluster;
    const user = mapIdentity(cluster, {
      arn: 'arn:aws:sts::123456789012:assumed-role/Ops/a@b.c',
      canonicalArn: 'arn:aws:iam::123456789012:role/ops',
      account: '123456789012',
      userId: 'AROAX',
      sessionName: 'a@b.c',
      accessKeyId: 'ASIAX',
    });
    expect(user).toMatchObject({
      username: 'ops:a-b.c',
      groups: ['g-123456789012', 'a@b.c', 'system:authenticated'],
      uid: 'aws-iam-authenticator:123456789012:AROAX',
    });
  });
});

describe('access entries', () => {
  const cluster = (principalArn: string, awsAuthRoleArn?: string): WorldCluster =>
    ({
      awsAuth: {
        mapRoles: awsAuthRoleArn ? [{ rolearn: awsAuthRoleArn, username: 'from-aws-auth' }] : [],
        mapUsers: [],
        mapAccounts: [],
      },
      accessEntries: [{ principalArn, kubernetesGroups: ['ops'], accessPolicies: [] }],
    }) as unknown as WorldCluster;
  const session = {
    arn: 'arn:aws:sts::123456789012:assumed-role/pathed/mike',
    canonicalArn: 'arn:aws:iam::123456789012:role/pathed',
    account: '123456789012',
    userId: 'AROAX',
    sessionName: 'mike',
    accessKeyId: 'ASIAX',
  };
  it('match a role ARN with an IAM path (EKS keys the entry on the role, unlike aws-auth)', () => {
    expect(mapIdentity(cluster('arn:aws:iam::123456789012:role/team/a/pathed'), session)).toMatchObject({
      username: 'arn:aws:sts::123456789012:assumed-role/pathed/mike',
      groups: ['ops', 'system:authenticated'],
    });
    expect(mapIdentity(cluster('arn:aws:iam::123456789012:role/team/other'), session)).toBeUndefined();
    expect(
      mapIdentity({ ...cluster('arn:aws:iam::123456789012:role/x'), accessEntries: [] } as WorldCluster, session),
    ).toBeUndefined();
    expect(
      mapIdentity(cluster('arn:aws:iam::123456789012:role/x', 'arn:aws:iam::123456789012:role/team/pathed'), session),
    ).toBeUndefined();
  });
});

describe('verifier format checks (steps 1–12)', () => {
  const opts = { clusterId: 'demo', stsHost: '127.0.0.1:1234', caPem: '', now: () => new Date('2025-01-02T03:10:00Z') };
  const token = (url: string) => `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
  const good =
    'https://127.0.0.1:1234/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20250102%2Feu-west-1%2Fsts%2Faws4_request&X-Amz-Date=20250102T030405Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=00';
  it('accepts a well-formed token and reads the access key id', () => {
    expect(checkTokenFormat(token(good), opts).accessKeyId).toBe('AKID');
  });
  it.each([
    ['padding', `${token(good)}=`, 'base64url'],
    ['http', token(good.replace('https:', 'http:')), 'scheme'],
    ['path', token(good.replace('1234/?', '1234/x?')), 'path'],
    ['duplicate key', token(`${good}&action=GetCallerIdentity`), 'appears twice'],
    ['unknown key', token(`${good}&foo=1`), 'unexpected query parameter "foo"'],
    ['expires 901', token(good.replace('X-Amz-Expires=60', 'X-Amz-Expires=901')), 'X-Amz-Expires'],
    ['too old', token(good.replace('T030405Z', 'T025405Z')), 'token expired'],
    ['too long', `k8s-aws-v1.${'A'.repeat(4100)}`, '4096'],
  ])('rejects %s', (_name, value, reason) => {
    expect(() => checkTokenFormat(value, opts)).toThrow(reason);
  });
});

describe('world files', () => {
  it('names the problem and the file', () => {
    expect(() => parseWorld('account: 12', 'w.yaml')).toThrow(
      'invalid world file w.yaml: `account` must be a 12-digit AWS account id',
    );
    expect(() =>
      parseWorld('account: "123456789012"\nusers: { a: { policies: [nope] } }\nclusters: [{ name: c }]', 'w.yaml'),
    ).toThrow('user a names unknown policy "nope"');
    expect(() => parseWorld('account: "123456789012"\nclusters: []', 'w.yaml')).toThrow('at least one cluster');
  });
  it('refuses IAM policy language the evaluator does not implement instead of evaluating it wrongly', () => {
    const world = (policy: string): string =>
      `account: "123456789012"\npolicies:\n  p: ${policy}\nroles:\n  r: { trustPolicy: { Statement: [ { Effect: Allow, Principal: { AWS: "123456789012" }, Action: sts:AssumeRole } ] } }\nclusters: [{ name: c }]`;
    // An ignored NotResource would have allowed every role; an unknown operator would have disabled this Deny.
    expect(() =>
      parseWorld(
        world(
          '{ Statement: [ { Effect: Allow, Action: sts:AssumeRole, NotResource: "arn:aws:iam::123456789012:role/admins" } ] }',
        ),
        'w.yaml',
      ),
    ).toThrow('invalid world file w.yaml: policy p: statement key NotResource is not supported by the sandbox');
    expect(() =>
      parseWorld(
        world(
          '{ Statement: [ { Effect: Deny, Action: "sts:*", Resource: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } } ] }',
        ),
        'w.yaml',
      ),
    ).toThrow('policy p: condition operator BoolIfExists is not supported by the sandbox');
    expect(() =>
      parseWorld(world('{ Statement: [ { Effect: allow, Action: "sts:*", Resource: "*" } ] }'), 'w.yaml'),
    ).toThrow('Effect must be Allow or Deny');
    const trust =
      'account: "123456789012"\nroles:\n  r: { trustPolicy: { Statement: [ { Effect: Allow, NotPrincipal: { AWS: "x" }, Action: sts:AssumeRole } ] } }\nclusters: [{ name: c }]';
    expect(() => parseWorld(trust, 'w.yaml')).toThrow(
      'role r, trustPolicy: statement key NotPrincipal is not supported',
    );
    expect(() =>
      parseWorld(
        world(
          '{ Version: "2012-10-17", Statement: [ { Effect: Allow, Action: sts:AssumeRole, Resource: "*", Condition: { StringEquals: { "sts:RoleSessionName": "${aws:username, \'x\'}" } } } ] }',
        ),
        'w.yaml',
      ),
    ).toThrow("policy variable ${aws:username, 'x'} is not supported by the sandbox");
    expect(
      parseWorld(
        world('{ Statement: [ { Sid: ok, Effect: Allow, Action: sts:AssumeRole, Resource: "*" } ] }'),
        'w.yaml',
      ).account,
    ).toBe('123456789012');
  });
});
