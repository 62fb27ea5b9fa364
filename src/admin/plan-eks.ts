// EKS access part of the plan, per cluster: access entries (CreateAccessEntry with the group eks-login:<name>
// and the username template, an access policy association for accessPolicy groups, marks as tags), or the
// aws-auth ConfigMap (path-less role ARN, the same group; entries without an eks-login: group are foreign and
// kept). Marked entries of this file that are no longer declared are pruned.
import { hasAll, same, sameSet } from './compare.js';
import { desiredAccessEntry, desiredAwsAuthEntry, type DesiredAccessEntry } from './desired.js';
import type { AwsAuthEntry, Change, ClusterPlanInput } from './model.js';
import type { PlanBuilder } from './plan-builder.js';
import { ACCESS_KEY, MANAGED_BY, MANAGED_BY_KEY, kubeGroup } from './names.js';
import type { AccessScope, EksPort, IamPort, KubePort, YamlCodec } from '../kernel/admin-ports.js';

export async function planAccessEntries(input: ClusterPlanInput, eks: EksPort, b: PlanBuilder): Promise<void> {
  const { access, cluster, region, groups, identity } = input;
  const declared = new Set<string>();
  for (const { group, principalArn } of groups) {
    declared.add(principalArn);
    const wanted = desiredAccessEntry(access, identity, group, principalArn);
    const { username, kubernetesGroups, policy: wantedPolicy } = wanted;
    const target = `access entry ${principalArn}`;
    const existing = await eks.describeAccessEntry(cluster, region, principalArn);
    if (!existing) {
      b.change(
        accessChange('+', target, cluster, [
          `username ${username}`,
          `groups ${kubernetesGroups.join(', ')}`,
          ...(wantedPolicy ? [policyText(wantedPolicy)] : []),
        ]),
      );
      b.up(
        'eks',
        { kind: 'eks.createEntry', cluster, region, principalArn, username, kubernetesGroups, tags: wanted.tags },
        `+ ${target} in ${cluster}`,
      );
      if (wantedPolicy) associatePolicy(b, '+', { cluster, region, principalArn }, wantedPolicy);
      continue;
    }
    if (!hasAll(existing.tags, { [MANAGED_BY_KEY]: MANAGED_BY, [ACCESS_KEY]: access })) {
      const whose =
        existing.tags[MANAGED_BY_KEY] === MANAGED_BY
          ? `belongs to access file ${JSON.stringify(existing.tags[ACCESS_KEY] ?? '?')}`
          : `is not managed by eks-login (no tag ${MANAGED_BY_KEY}=${MANAGED_BY})`;
      b.conflict({
        system: 'EKS access',
        target,
        cluster,
        reason: `exists and ${whose}; eks-login never takes over an entry it did not create: delete it, or map another role`,
      });
      continue;
    }
    const details: string[] = [];
    if ((existing.username ?? '') !== username || !sameSet(existing.kubernetesGroups, kubernetesGroups)) {
      details.push(
        `username ${existing.username ?? '(default)'} → ${username}`,
        `groups [${existing.kubernetesGroups.join(', ')}] → [${kubernetesGroups.join(', ')}]`,
      );
      b.up(
        'eks',
        { kind: 'eks.updateEntry', cluster, region, principalArn, username, kubernetesGroups },
        `~ ${target} in ${cluster}`,
      );
    }
    const eksPolicies = existing.policies.filter((p) => p.policyArn.includes(':cluster-access-policy/'));
    for (const p of eksPolicies) {
      if (wantedPolicy && p.policyArn === wantedPolicy.policyArn) continue;
      details.push(`- access policy ${p.policyArn.split('/').pop()}`);
      b.up(
        'eks',
        { kind: 'eks.disassociatePolicy', cluster, region, principalArn, policyArn: p.policyArn },
        `- access policy ${p.policyArn} of ${principalArn} in ${cluster}`,
      );
    }
    if (wantedPolicy) {
      const have = eksPolicies.find((p) => p.policyArn === wantedPolicy.policyArn);
      if (!have || !same(have.accessScope, wantedPolicy.accessScope)) {
        details.push(`${have ? '~' : '+'} ${policyText(wantedPolicy)}`);
        associatePolicy(b, '~', { cluster, region, principalArn }, wantedPolicy);
      }
    }
    if (details.length > 0) b.change(accessChange('~', target, cluster, details));
  }
  for (const principalArn of (await eks.listAccessEntries(cluster, region)).sort()) {
    if (declared.has(principalArn)) continue;
    const entry = await eks.describeAccessEntry(cluster, region, principalArn);
    if (!entry || !hasAll(entry.tags, { [MANAGED_BY_KEY]: MANAGED_BY, [ACCESS_KEY]: access })) continue;
    b.change(
      accessChange('-', `access entry ${principalArn}`, cluster, [`groups ${entry.kubernetesGroups.join(', ')}`]),
    );
    b.down(
      'eks',
      { kind: 'eks.deleteEntry', cluster, region, principalArn },
      `- access entry ${principalArn} in ${cluster}`,
    );
  }
}

/**
 * aws-auth entries carry no labels: eks-login's are those with an eks-login:<group> Kubernetes group, and one
 * belongs to this access file when the role it maps is tagged with the file's name (so prune never touches
 * another file's entries, nor foreign ones).
 */
export async function planAwsAuth(
  input: ClusterPlanInput,
  kube: KubePort,
  yaml: YamlCodec,
  iam: IamPort,
  b: PlanBuilder,
): Promise<void> {
  const { cluster, groups } = input;
  const configMap = await kube.get('ConfigMap', 'aws-auth', 'kube-system');
  const current = readMapRoles(configMap?.data, yaml);
  const upsert: AwsAuthEntry[] = [];
  const remove: string[] = [];
  const ours = new Set(groups.map(({ group }) => kubeGroup(group.name)));
  for (const { group, principalArn } of groups) {
    const wanted = desiredAwsAuthEntry(group, principalArn);
    const { rolearn } = wanted;
    const target = `aws-auth mapRoles ${rolearn}`;
    const existing = current.find((e) => e.rolearn?.toLowerCase() === rolearn.toLowerCase());
    if (!existing) {
      b.change(
        accessChange('+', target, cluster, [`username ${wanted.username}`, `groups ${wanted.groups.join(', ')}`]),
      );
      upsert.push(wanted);
      continue;
    }
    if (!(existing.groups ?? []).includes(kubeGroup(group.name))) {
      b.conflict({
        system: 'EKS access',
        target,
        cluster,
        reason: `aws-auth already maps ${existing.rolearn} (username ${existing.username ?? '-'}, groups [${(existing.groups ?? []).join(', ')}]) and the entry is not eks-login's (no group ${kubeGroup(group.name)}); eks-login keeps foreign entries: remove it from aws-auth yourself, or map another role`,
      });
      continue;
    }
    if (
      existing.username !== wanted.username ||
      !sameSet(existing.groups ?? [], wanted.groups) ||
      existing.rolearn !== rolearn
    ) {
      b.change(
        accessChange('~', target, cluster, [
          `username ${existing.username ?? '-'} → ${wanted.username}`,
          `groups [${(existing.groups ?? []).join(', ')}] → [${wanted.groups.join(', ')}]`,
        ]),
      );
      upsert.push(wanted);
    }
  }
  for (const e of current) {
    const mine = (e.groups ?? []).filter((g) => g.startsWith('eks-login:'));
    if (mine.length === 0 || mine.some((g) => ours.has(g))) continue;
    const role = await iam.getRole((e.rolearn ?? '').split('/').pop() ?? '');
    if (!role || !hasAll(role.tags, { [MANAGED_BY_KEY]: MANAGED_BY, [ACCESS_KEY]: input.access })) continue;
    b.change(accessChange('-', `aws-auth mapRoles ${e.rolearn}`, cluster, [`groups ${(e.groups ?? []).join(', ')}`]));
    remove.push(e.rolearn ?? '');
  }
  if (upsert.length > 0)
    b.up(
      'eks',
      { kind: 'awsauth.edit', cluster, upsert, remove: [] },
      `aws-auth in ${cluster}: ${upsert.map((e) => e.rolearn).join(', ')}`,
    );
  if (remove.length > 0)
    b.down(
      'eks',
      { kind: 'awsauth.edit', cluster, upsert: [], remove },
      `aws-auth in ${cluster}: remove ${remove.join(', ')}`,
    );
}

interface MapRole {
  rolearn?: string;
  username?: string;
  groups?: string[];
}

export function readMapRoles(data: unknown, yaml: YamlCodec): MapRole[] {
  const text = (data as { mapRoles?: unknown } | undefined)?.mapRoles;
  if (typeof text !== 'string' || text.trim() === '') return [];
  const parsed = yaml.parse(text);
  return Array.isArray(parsed) ? (parsed as MapRole[]) : [];
}

/**
 * A change of a cluster's EKS access (an access entry, an aws-auth mapping). A `-` is an entry of this file that
 * is no longer declared: only `apply --prune` deletes it.
 */
function accessChange(op: Change['op'], target: string, cluster: string, details: string[]): Change {
  return { system: 'EKS access', op, target, cluster, details, ...(op === '-' ? { pruneOnly: true } : {}) };
}

type EntryPolicy = NonNullable<DesiredAccessEntry['policy']>;

/** The step that associates an entry's access policy: with a new entry (`+`), or to fix its association (`~`). */
function associatePolicy(
  b: PlanBuilder,
  op: '+' | '~',
  entry: { cluster: string; region: string; principalArn: string },
  policy: EntryPolicy,
): void {
  const { cluster, principalArn } = entry;
  b.up(
    'eks',
    { kind: 'eks.associatePolicy', ...entry, policyArn: policy.policyArn, scope: policy.accessScope },
    `${op} access policy of ${principalArn} in ${cluster}`,
  );
}

/** An access policy as the plan's details name it: `access policy <name> (<scope>)`. */
function policyText(policy: EntryPolicy): string {
  return `access policy ${policy.policyArn.split('/').pop()} (${scopeText(policy.accessScope)})`;
}

function scopeText(scope: AccessScope): string {
  return scope.type === 'cluster' ? 'cluster-wide' : `namespaces ${scope.namespaces!.join(', ')}`;
}
