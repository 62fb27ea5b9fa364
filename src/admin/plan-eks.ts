// EKS access part of the plan, per cluster: access entries (CreateAccessEntry with the group eks-login:<name>
// and the username template, an access policy association for accessPolicy groups, marks as tags), or the
// aws-auth ConfigMap (path-less role ARN, the same group; entries without an eks-login: group are foreign and
// kept). Marked entries of this file that are no longer declared are pruned.
import { hasAll, same, sameSet } from './compare.js';
import { desiredAccessEntry, desiredAwsAuthEntry } from './desired.js';
import type { AwsAuthEntry, ClusterPlanInput } from './model.js';
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
      b.change({
        system: 'EKS access',
        op: '+',
        target,
        cluster,
        details: [
          `username ${username}`,
          `groups ${kubernetesGroups.join(', ')}`,
          ...(wantedPolicy
            ? [`access policy ${wantedPolicy.policyArn.split('/').pop()} (${scopeText(wantedPolicy.accessScope)})`]
            : []),
        ],
      });
      b.up(
        'eks',
        { kind: 'eks.createEntry', cluster, region, principalArn, username, kubernetesGroups, tags: wanted.tags },
        `+ ${target} in ${cluster}`,
      );
      if (wantedPolicy)
        b.up(
          'eks',
          {
            kind: 'eks.associatePolicy',
            cluster,
            region,
            principalArn,
            policyArn: wantedPolicy.policyArn,
            scope: wantedPolicy.accessScope,
          },
          `+ access policy of ${principalArn} in ${cluster}`,
        );
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
        details.push(
          `${have ? '~' : '+'} access policy ${wantedPolicy.policyArn.split('/').pop()} (${scopeText(wantedPolicy.accessScope)})`,
        );
        b.up(
          'eks',
          {
            kind: 'eks.associatePolicy',
            cluster,
            region,
            principalArn,
            policyArn: wantedPolicy.policyArn,
            scope: wantedPolicy.accessScope,
          },
          `~ access policy of ${principalArn} in ${cluster}`,
        );
      }
    }
    if (details.length > 0) b.change({ system: 'EKS access', op: '~', target, cluster, details });
  }
  for (const principalArn of (await eks.listAccessEntries(cluster, region)).sort()) {
    if (declared.has(principalArn)) continue;
    const entry = await eks.describeAccessEntry(cluster, region, principalArn);
    if (!entry || !hasAll(entry.tags, { [MANAGED_BY_KEY]: MANAGED_BY, [ACCESS_KEY]: access })) continue;
    b.change({
      system: 'EKS access',
      op: '-',
      target: `access entry ${principalArn}`,
      cluster,
      details: [`groups ${entry.kubernetesGroups.join(', ')}`],
      pruneOnly: true,
    });
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
      b.change({
        system: 'EKS access',
        op: '+',
        target,
        cluster,
        details: [`username ${wanted.username}`, `groups ${wanted.groups.join(', ')}`],
      });
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
      b.change({
        system: 'EKS access',
        op: '~',
        target,
        cluster,
        details: [
          `username ${existing.username ?? '-'} → ${wanted.username}`,
          `groups [${(existing.groups ?? []).join(', ')}] → [${wanted.groups.join(', ')}]`,
        ],
      });
      upsert.push(wanted);
    }
  }
  for (const e of current) {
    const mine = (e.groups ?? []).filter((g) => g.startsWith('eks-login:'));
    if (mine.length === 0 || mine.some((g) => ours.has(g))) continue;
    const role = await iam.getRole((e.rolearn ?? '').split('/').pop() ?? '');
    if (!role || !hasAll(role.tags, { [MANAGED_BY_KEY]: MANAGED_BY, [ACCESS_KEY]: input.access })) continue;
    b.change({
      system: 'EKS access',
      op: '-',
      target: `aws-auth mapRoles ${e.rolearn}`,
      cluster,
      details: [`groups ${(e.groups ?? []).join(', ')}`],
      pruneOnly: true,
    });
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

function scopeText(scope: AccessScope): string {
  return scope.type === 'cluster' ? 'cluster-wide' : `namespaces ${scope.namespaces!.join(', ')}`;
}
