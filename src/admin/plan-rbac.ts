// Kubernetes RBAC part of the plan, per cluster: a ClusterRole eks-login:<name> for `rules`, and a
// ClusterRoleBinding (or a RoleBinding per namespace) of the group eks-login:<name> to it or to the
// existing `clusterRole`. accessPolicy groups need no RBAC object. Objects carry the marks as labels.
import type { AccessGroup } from './access/types.js';
import { hasAll, same } from './compare.js';
import { desiredRbac } from './desired.js';
import type { PlanBuilder } from './plan-builder.js';
import { ACCESS_KEY, MANAGED_BY, MANAGED_BY_KEY, kubeGroup } from './names.js';
import type { KubePort, RbacKind } from '../kernel/admin-ports.js';

const KINDS: RbacKind[] = ['ClusterRole', 'ClusterRoleBinding', 'RoleBinding'];

const describeObject = (o: { kind: string; metadata: { name: string; namespace?: string } }): string =>
  `${o.kind} ${o.metadata.name}${o.metadata.namespace ? ` in ${o.metadata.namespace}` : ''}`;
const key = (kind: string, name: string, namespace?: string): string => `${kind}/${namespace ?? ''}/${name}`;

export async function planRbac(
  access: string,
  cluster: string,
  groups: AccessGroup[],
  kube: KubePort,
  b: PlanBuilder,
): Promise<void> {
  const desired = groups.flatMap((g) => desiredRbac(access, g));
  const declared = new Set(desired.map((o) => key(o.kind, o.metadata.name, o.metadata.namespace)));
  for (const object of desired) {
    const target = describeObject(object);
    const existing = await kube.get(object.kind as RbacKind, object.metadata.name, object.metadata.namespace);
    const summary =
      object.kind === 'ClusterRole'
        ? `${(object.rules as unknown[]).length} rule(s)`
        : `group ${kubeGroup(object.metadata.labels!['eks-login/group']!)} → ClusterRole ${(object.roleRef as { name: string }).name}`;
    if (!existing) {
      b.change({ system: 'Kubernetes RBAC', op: '+', target, cluster, details: [summary] });
      b.up('rbac', { kind: 'kube.apply', cluster, object }, `+ ${target} in ${cluster}`);
      continue;
    }
    const labels = existing.metadata.labels ?? {};
    if (!hasAll(labels, { [MANAGED_BY_KEY]: MANAGED_BY, [ACCESS_KEY]: access })) {
      const whose =
        labels[MANAGED_BY_KEY] === MANAGED_BY
          ? `belongs to access file ${JSON.stringify(labels[ACCESS_KEY] ?? '?')}`
          : `is not managed by eks-login (no label ${MANAGED_BY_KEY}=${MANAGED_BY})`;
      b.conflict({
        system: 'Kubernetes RBAC',
        target,
        cluster,
        reason: `exists and ${whose}; eks-login never overwrites it: delete or rename it yourself`,
      });
      continue;
    }
    const details: string[] = [];
    if (object.kind === 'ClusterRole' && !same(existing.rules, object.rules)) details.push('rules as declared');
    if (object.kind !== 'ClusterRole') {
      if (!same(existing.subjects, object.subjects))
        details.push(`subjects → group ${kubeGroup(object.metadata.labels!['eks-login/group']!)}`);
      if (!same(existing.roleRef, object.roleRef)) {
        // roleRef is immutable: the binding is deleted and created again.
        details.push(
          `roleRef → ClusterRole ${(object.roleRef as { name: string }).name} (re-created: roleRef cannot change)`,
        );
        b.up(
          'rbac',
          {
            kind: 'kube.delete',
            cluster,
            objectKind: object.kind as RbacKind,
            name: object.metadata.name,
            ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
          },
          `- ${target} in ${cluster} (roleRef)`,
        );
      }
    }
    if (!hasAll(labels, object.metadata.labels!)) details.push('labels');
    if (details.length > 0) {
      b.change({ system: 'Kubernetes RBAC', op: '~', target, cluster, details });
      b.up('rbac', { kind: 'kube.apply', cluster, object }, `~ ${target} in ${cluster}`);
    }
  }
  for (const kind of KINDS) {
    for (const o of await kube.list(kind, { [MANAGED_BY_KEY]: MANAGED_BY, [ACCESS_KEY]: access })) {
      if (declared.has(key(kind, o.metadata.name, o.metadata.namespace))) continue;
      const target = describeObject({ kind, metadata: o.metadata });
      b.change({ system: 'Kubernetes RBAC', op: '-', target, cluster, details: [], pruneOnly: true });
      b.down(
        'rbac',
        {
          kind: 'kube.delete',
          cluster,
          objectKind: kind,
          name: o.metadata.name,
          ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
        },
        `- ${target} in ${cluster}`,
      );
    }
  }
}
