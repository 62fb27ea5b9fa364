// The access-file validator reports every problem with its path, and docs/access.schema.json agrees with it
/* eslint-disable @typescript-eslint/no-explicit-any -- the corpus below mutates arbitrary fields of a loosely typed document */
// on the examples and on every structural case of the corpus below.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { checkAccessText } from '../../../src/admin/access/access-file.node.js';
import { validateAccess } from '../../../src/admin/access/validate.js';

const root = join(import.meta.dirname, '..', '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'docs', 'access.schema.json'), 'utf8')) as object;
// strictRequired off: the oneOf branches name required fields that are declared in properties above.
const schemaCheck = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
const example = (name: string): unknown => load(readFileSync(join(root, 'examples', 'access', name), 'utf8'));

function good(): Record<string, any> {
  return {
    apiVersion: 'eks-login/v1',
    kind: 'Access',
    name: 'acme',
    account: '123456789012',
    clusters: [{ name: 'demo', region: 'eu-west-1' }],
    groups: [
      {
        name: 'developers',
        role: { name: 'developers' },
        members: ['developer-mike'],
        kubernetes: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
      },
    ],
  };
}

/** [case, mutation, expected path, words of the message, schema also rejects] */
const BAD: Array<[string, (a: Record<string, any>) => void, string, RegExp, boolean]> = [
  ['wrong apiVersion', (a) => (a.apiVersion = 'v1'), 'apiVersion', /eks-login\/v1/, true],
  ['wrong kind', (a) => (a.kind = 'Bundle'), 'kind', /"Access"/, true],
  ['unknown root field', (a) => (a.extra = 1), 'extra', /unknown field/, true],
  ['bad name', (a) => (a.name = 'Acme!'), 'name', /a-z, 0-9/, true],
  ['account as a number', (a) => (a.account = 123456789012), 'account', /unquoted/, true],
  ['short account', (a) => (a.account = '123'), 'account', /12-digit/, true],
  ['no clusters', (a) => (a.clusters = []), 'clusters', /at least one/, true],
  ['bad region', (a) => (a.clusters[0].region = 'europe'), 'clusters[0].region', /region/, true],
  [
    'bad mapping',
    (a) => (a.clusters[0].mapping = 'configmap'),
    'clusters[0].mapping',
    /access-entries, aws-auth/,
    true,
  ],
  [
    'duplicate cluster',
    (a) => a.clusters.push({ name: 'demo', region: 'eu-west-1' }),
    'clusters[1].name',
    /duplicate cluster/,
    false,
  ],
  ['group without role or sso', (a) => delete a.groups[0].role, 'groups[0]', /needs role .* or sso/, true],
  [
    'group with role and sso',
    (a) =>
      (a.groups[0].sso = {
        startUrl: 'https://x.awsapps.com/start',
        region: 'eu-west-1',
        accountId: '123456789012',
        roleName: 'Dev',
      }),
    'groups[0].sso',
    /either role/,
    true,
  ],
  ['bad group name', (a) => (a.groups[0].name = 'Developers'), 'groups[0].name', /eks-login-<name>/, true],
  ['bad role name', (a) => (a.groups[0].role.name = 'a b'), 'groups[0].role.name', /IAM name/, true],
  ['bad role path', (a) => (a.groups[0].role.path = 'eks'), 'groups[0].role.path', /IAM path/, true],
  [
    'session too long',
    (a) => (a.groups[0].role.maxSessionSeconds = 50000),
    'groups[0].role.maxSessionSeconds',
    /3600 to 43200/,
    true,
  ],
  ['mfa not boolean', (a) => (a.groups[0].role.mfa = 'yes'), 'groups[0].role.mfa', /true or false/, true],
  ['duplicate member', (a) => (a.groups[0].members = ['mike', 'mike']), 'groups[0].members[1]', /duplicate/, true],
  [
    'unknown cluster in group',
    (a) => (a.groups[0].clusters = ['prod']),
    'groups[0].clusters[0]',
    /names no cluster/,
    false,
  ],
  ['no kubernetes', (a) => delete a.groups[0].kubernetes, 'groups[0].kubernetes', /is required/, true],
  [
    'two kinds of rights',
    (a) => (a.groups[0].kubernetes.clusterRole = 'view'),
    'groups[0].kubernetes',
    /only one/,
    true,
  ],
  ['no rights', (a) => (a.groups[0].kubernetes = { username: 'x' }), 'groups[0].kubernetes', /needs one of/, true],
  [
    'bad access policy',
    (a) => (a.groups[0].kubernetes = { accessPolicy: 'read' }),
    'groups[0].kubernetes.accessPolicy',
    /view, edit/,
    true,
  ],
  [
    'access policy on an aws-auth cluster',
    (a) => ((a.clusters[0].mapping = 'aws-auth'), (a.groups[0].kubernetes = { accessPolicy: 'view' })),
    'groups[0].kubernetes.accessPolicy',
    /aws-auth/,
    false,
  ],
  [
    'reserved username',
    (a) => (a.groups[0].kubernetes.username = 'system:admin'),
    'groups[0].kubernetes.username',
    /system:/,
    true,
  ],
  [
    'unknown placeholder',
    (a) => (a.groups[0].kubernetes.username = '{{User}}'),
    'groups[0].kubernetes.username',
    /unknown placeholder/,
    false,
  ],
  [
    'rule without verbs',
    (a) => delete a.groups[0].kubernetes.rules[0].verbs,
    'groups[0].kubernetes.rules[0].verbs',
    /list of verbs/,
    true,
  ],
  [
    'rule without apiGroups',
    (a) => delete a.groups[0].kubernetes.rules[0].apiGroups,
    'groups[0].kubernetes.rules[0].apiGroups',
    /is required/,
    true,
  ],
  [
    'bad namespace',
    (a) => (a.groups[0].kubernetes.namespaces = ['Team_A']),
    'groups[0].kubernetes.namespaces[0]',
    /DNS label/,
    true,
  ],
  [
    'nonResourceURLs in namespaces',
    (a) => (
      (a.groups[0].kubernetes.rules = [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }]),
      (a.groups[0].kubernetes.namespaces = ['a'])
    ),
    'groups[0].kubernetes.rules[0].nonResourceURLs',
    /RoleBinding/,
    false,
  ],
  [
    'sso with members',
    (a) => (
      (a.groups[0].sso = {
        startUrl: 'https://x.awsapps.com/start',
        region: 'eu-west-1',
        accountId: '123456789012',
        roleName: 'Dev',
      }),
      delete a.groups[0].role
    ),
    'groups[0].members',
    /members go with role/,
    true,
  ],
  [
    'sso without https',
    (a) => (
      (a.groups[0].sso = { startUrl: 'http://x', region: 'eu-west-1', accountId: '123456789012', roleName: 'Dev' }),
      delete a.groups[0].role,
      delete a.groups[0].members
    ),
    'groups[0].sso.startUrl',
    /https/,
    true,
  ],
  [
    'two groups one role',
    (a) => a.groups.push({ ...a.groups[0], name: 'others' }),
    'groups[1].role.name',
    /already the role/,
    false,
  ],
];

describe('access file validation', () => {
  it('accepts the examples (validator and schema alike)', () => {
    for (const name of ['article.yaml', 'teams.yaml']) {
      const value = example(name);
      expect(validateAccess(value).problems, name).toEqual([]);
      expect(schemaCheck(value), `${name}: ${JSON.stringify(schemaCheck.errors)}`).toBe(true);
    }
    expect(validateAccess(good()).access?.name).toBe('acme');
  });

  it.each(BAD.map((c) => [c[0], c] as const))('reports: %s', (_name, [, mutate, path, words, structural]) => {
    const value = good();
    mutate(value);
    const { access, problems } = validateAccess(value);
    expect(access).toBeUndefined();
    const found = problems.find((p) => p.path === path);
    expect(found, JSON.stringify(problems)).toBeDefined();
    expect(found!.message).toMatch(words);
    if (structural) expect(schemaCheck(value)).toBe(false);
  });

  it('reports every problem at once, each with its path', () => {
    const value = good();
    value.kind = 'Bundle';
    value.clusters[0].region = 'x';
    value.groups[0].role.maxSessionSeconds = 10;
    expect(validateAccess(value).problems.map((p) => p.path)).toEqual([
      'kind',
      'clusters[0].region',
      'groups[0].role.maxSessionSeconds',
    ]);
  });

  it('reads YAML and JSON, with the line of a syntax error and of a key given twice', () => {
    expect(checkAccessText(JSON.stringify(good()), 'a.json').problems).toEqual([]);
    expect(checkAccessText('apiVersion: eks-login/v1\nkind: [\n', 'a.yaml').problems[0]).toMatchObject({
      path: '(file)',
      message: expect.stringMatching(/line \d+ column \d+/),
    });
    expect(checkAccessText('name: a\nname: b\n', 'a.yaml').problems[0]!.message).toMatch(
      /line 2 .*duplicated mapping key/,
    );
  });
});
