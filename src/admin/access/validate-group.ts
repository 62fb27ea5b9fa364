// The checks of one access-file group: its IAM side (role + members, or an sso permission set), its
// clusters, and its Kubernetes side (exactly one of rules, clusterRole, accessPolicy; optional namespaces).
import { REGION } from '../../bundle/rules.js';
import { join, type Problems } from '../../bundle/problems.js';
import { isRecord } from '../../kernel/is-record.js';
import {
  ACCESS_GROUP_NAME,
  ACCESS_POLICIES,
  ACCOUNT,
  CLUSTER_ROLE_NAME,
  GROUP_FIELDS,
  IAM_NAME,
  IAM_PATH,
  KUBERNETES_FIELDS,
  MAX_ROLE_SESSION,
  MIN_ROLE_SESSION,
  NAMESPACE,
  PERMISSION_SET,
  RESERVED_USERNAME_PREFIXES,
  ROLE_FIELDS,
  RULE_FIELDS,
  SSO_FIELDS,
  SSO_START_URL,
  USERNAME_PLACEHOLDERS,
} from './rules.js';

type Rec = Record<string, unknown>;

/** Checks a group; returns its name when valid. `mappings`: cluster name → its explicit mapping. */
export function checkAccessGroup(
  problems: Problems,
  group: Rec,
  at: string,
  mappings: Map<string, string | undefined>,
): string | undefined {
  problems.unknownFields(group, at, GROUP_FIELDS);
  const name = problems.string(group, at, 'name', ACCESS_GROUP_NAME.pattern, ACCESS_GROUP_NAME.expectation);
  const hasRole = group.role !== undefined;
  const hasSso = group.sso !== undefined;
  if (!hasRole && !hasSso)
    problems.add(
      at,
      'needs role (an IAM role eks-login creates, with members) or sso (an IAM Identity Center permission set)',
    );
  if (hasRole && hasSso)
    problems.add(join(at, 'sso'), 'sso replaces role and members: give either role (with members) or sso');
  if (hasRole) checkRole(problems, group.role, join(at, 'role'));
  if (hasSso) checkSso(problems, group.sso, join(at, 'sso'));
  if (group.members !== undefined) {
    if (hasSso && !hasRole)
      problems.add(
        join(at, 'members'),
        'members go with role: an sso group is assigned in IAM Identity Center, not here',
      );
    stringList(problems, group.members, join(at, 'members'), IAM_NAME, 'IAM user names', true);
  }
  const clusters =
    group.clusters === undefined
      ? [...mappings.keys()]
      : stringList(problems, group.clusters, join(at, 'clusters'), undefined, 'cluster names');
  if (group.clusters !== undefined) {
    (clusters ?? []).forEach((c, i) => {
      if (!mappings.has(c))
        problems.add(
          `${join(at, 'clusters')}[${i}]`,
          `names no cluster of this file (${[...mappings.keys()].join(', ') || 'none'})`,
        );
    });
  }
  if (group.kubernetes === undefined)
    problems.add(
      join(at, 'kubernetes'),
      'is required: one of rules, clusterRole or accessPolicy (what the group may do)',
    );
  else
    checkKubernetes(
      problems,
      group.kubernetes,
      join(at, 'kubernetes'),
      (clusters ?? []).filter((c) => mappings.get(c) === 'aws-auth'),
    );
  return name;
}

function checkRole(problems: Problems, role: unknown, at: string): void {
  if (!isRecord(role)) return problems.add(at, 'must be a mapping: { name, path, maxSessionSeconds, mfa }');
  problems.unknownFields(role, at, ROLE_FIELDS);
  problems.string(role, at, 'name', IAM_NAME.pattern, IAM_NAME.expectation);
  const path = problems.string(role, at, 'path', IAM_PATH.pattern, IAM_PATH.expectation, true);
  if (path !== undefined && path.length > 512) problems.add(join(at, 'path'), 'must be at most 512 characters');
  const max = role.maxSessionSeconds;
  if (
    max !== undefined &&
    (typeof max !== 'number' || !Number.isInteger(max) || max < MIN_ROLE_SESSION || max > MAX_ROLE_SESSION)
  ) {
    problems.add(
      join(at, 'maxSessionSeconds'),
      `must be a whole number of seconds from ${MIN_ROLE_SESSION} to ${MAX_ROLE_SESSION} (IAM MaxSessionDuration; got ${JSON.stringify(max)})`,
    );
  }
  if (role.mfa !== undefined && typeof role.mfa !== 'boolean') problems.add(join(at, 'mfa'), 'must be true or false');
}

function checkSso(problems: Problems, sso: unknown, at: string): void {
  if (!isRecord(sso)) return problems.add(at, 'must be a mapping: { startUrl, region, accountId, roleName }');
  problems.unknownFields(sso, at, SSO_FIELDS);
  problems.string(sso, at, 'startUrl', SSO_START_URL.pattern, SSO_START_URL.expectation);
  problems.string(sso, at, 'region', REGION.pattern, `the IAM Identity Center region: ${REGION.expectation}`);
  if (typeof sso.accountId === 'number')
    problems.add(join(at, 'accountId'), `must be a string: ${ACCOUNT.expectation}`);
  else problems.string(sso, at, 'accountId', ACCOUNT.pattern, ACCOUNT.expectation);
  problems.string(sso, at, 'roleName', PERMISSION_SET.pattern, PERMISSION_SET.expectation);
}

function checkKubernetes(problems: Problems, k: unknown, at: string, awsAuthClusters: string[]): void {
  if (!isRecord(k)) return problems.add(at, 'must be a mapping with one of rules, clusterRole or accessPolicy');
  problems.unknownFields(k, at, KUBERNETES_FIELDS);
  if (k.username !== undefined) checkUsername(problems, k.username, join(at, 'username'));
  const given = (['rules', 'clusterRole', 'accessPolicy'] as const).filter((key) => k[key] !== undefined);
  if (given.length === 0)
    problems.add(
      at,
      'needs one of rules (a ClusterRole eks-login:<name>), clusterRole (bind an existing one) or accessPolicy (an EKS access policy)',
    );
  if (given.length > 1)
    problems.add(at, `give only one of rules, clusterRole and accessPolicy (got ${given.join(' and ')})`);
  const namespaced = k.namespaces !== undefined;
  if (namespaced) stringList(problems, k.namespaces, join(at, 'namespaces'), NAMESPACE, 'namespace names');
  if (k.rules !== undefined) checkRules(problems, k.rules, join(at, 'rules'), namespaced);
  if (k.clusterRole !== undefined)
    problems.string(k, at, 'clusterRole', CLUSTER_ROLE_NAME.pattern, CLUSTER_ROLE_NAME.expectation);
  if (k.accessPolicy !== undefined) {
    if (!(ACCESS_POLICIES as readonly unknown[]).includes(k.accessPolicy))
      problems.add(
        join(at, 'accessPolicy'),
        `must be one of ${ACCESS_POLICIES.join(', ')} (got ${JSON.stringify(k.accessPolicy)})`,
      );
    else if (awsAuthClusters.length > 0)
      problems.add(
        join(at, 'accessPolicy'),
        `needs EKS access entries, but cluster ${awsAuthClusters.join(', ')} maps with aws-auth: use rules or clusterRole there`,
      );
    else if (k.accessPolicy === 'cluster-admin' && namespaced)
      problems.add(join(at, 'namespaces'), 'cluster-admin is a cluster-wide access policy; use admin for namespaces');
  }
}

function checkUsername(problems: Problems, value: unknown, at: string): void {
  if (typeof value !== 'string' || value.trim() === '')
    return problems.add(at, 'must be a non-empty string, e.g. "{{SessionName}}" or "dev:{{SessionName}}"');
  const reserved = RESERVED_USERNAME_PREFIXES.find((p) => value.toLowerCase().startsWith(p));
  if (reserved) problems.add(at, `must not start with ${JSON.stringify(reserved)} (reserved by Kubernetes and EKS)`);
  for (const placeholder of value.match(/\{\{[^}]*\}\}/g) ?? []) {
    if (!(USERNAME_PLACEHOLDERS as readonly string[]).includes(placeholder))
      problems.add(at, `unknown placeholder ${placeholder} (known: ${USERNAME_PLACEHOLDERS.join(', ')})`);
  }
}

function checkRules(problems: Problems, rules: unknown, at: string, namespaced: boolean): void {
  if (!Array.isArray(rules) || rules.length === 0)
    return problems.add(at, 'must be a non-empty list of RBAC rules { apiGroups, resources, verbs }');
  rules.forEach((rule, i) => {
    const rat = `${at}[${i}]`;
    if (!isRecord(rule)) return problems.add(rat, 'must be a mapping { apiGroups, resources, verbs }');
    problems.unknownFields(rule, rat, RULE_FIELDS);
    stringList(problems, rule.verbs, join(rat, 'verbs'), /^(?:\*|[a-z]+)$/, 'verbs like get, list, create or *');
    const resourceRule = rule.resources !== undefined || rule.apiGroups !== undefined;
    if (rule.nonResourceURLs !== undefined) {
      stringList(
        problems,
        rule.nonResourceURLs,
        join(rat, 'nonResourceURLs'),
        /^(?:\*|\/\S*)$/,
        'URL paths like /healthz or /api/*',
      );
      if (resourceRule) problems.add(rat, 'a rule has either resources (with apiGroups) or nonResourceURLs, not both');
      if (namespaced)
        problems.add(
          join(rat, 'nonResourceURLs'),
          'cannot be granted in namespaces (a RoleBinding grants only namespaced resources)',
        );
      return;
    }
    if (rule.apiGroups === undefined)
      problems.add(
        join(rat, 'apiGroups'),
        'is required: the API groups, e.g. [""] for pods or ["apps"] for deployments',
      );
    else
      stringList(
        problems,
        rule.apiGroups,
        join(rat, 'apiGroups'),
        /^(?:\*|[a-z0-9.-]*)$/,
        'API group names ("" is the core group)',
      );
    if (rule.resources === undefined)
      problems.add(join(rat, 'resources'), 'is required: the resources, e.g. [pods, pods/log]');
    else
      stringList(
        problems,
        rule.resources,
        join(rat, 'resources'),
        /^(?:\*|[a-z0-9.-]+(?:\/(?:\*|[a-z0-9.-]+))?|\*\/[a-z0-9.-]+)$/,
        'resources like pods or pods/log',
      );
    if (rule.resourceNames !== undefined)
      stringList(problems, rule.resourceNames, join(rat, 'resourceNames'), /^.+$/, 'object names');
  });
}

/** A non-empty list of unique strings (each matching `format`); returns the strings. */
function stringList(
  problems: Problems,
  value: unknown,
  at: string,
  format: { pattern: RegExp; expectation: string } | RegExp | undefined,
  what: string,
  allowEmpty = false,
): string[] | undefined {
  if (!Array.isArray(value)) return void problems.add(at, `must be a list of ${what}`);
  if (value.length === 0 && !allowEmpty) problems.add(at, `must list at least one of the ${what}`);
  const seen = new Set<string>();
  const out: string[] = [];
  value.forEach((item, i) => {
    const iat = `${at}[${i}]`;
    const pattern = format instanceof RegExp ? format : format?.pattern;
    const expectation = format instanceof RegExp || format === undefined ? what : format.expectation;
    if (typeof item !== 'string') return problems.add(iat, `must be a string (${expectation})`);
    if (pattern && !pattern.test(item))
      return problems.add(iat, `must be ${expectation} (got ${JSON.stringify(item)})`);
    if (seen.has(item)) return problems.add(iat, `duplicate ${JSON.stringify(item)}`);
    seen.add(item);
    out.push(item);
  });
  return out;
}
