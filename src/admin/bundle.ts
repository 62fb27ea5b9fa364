// `admin bundle`: the Bundle v1 developers get, from the access file, DescribeCluster (endpoint, CA) and
// the role ARNs (with `sourceIdentity: true`: apply binds role sessions to the IAM user name); the same input
// always gives the same bytes (fixed key order, clusters and groups in the file's order).
import type { AccessFile } from './access/types.js';
import type { Change } from './model.js';
import { roleArn, type Identity } from './names.js';
import type { ClusterDescription } from '../kernel/admin-ports.js';
import { invalidBundleError } from '../bundle/parse.js';
import { validateBundle } from '../bundle/validate.js';
import type { InspectCertificates } from '../bundle/validate-cluster.js';

export function buildBundle(
  access: AccessFile,
  identity: Identity,
  describe: Map<string, ClusterDescription>,
): Record<string, unknown> {
  return {
    apiVersion: 'eks-login/v1',
    kind: 'Bundle',
    name: access.name,
    clusters: access.clusters.map((c) => ({
      name: c.name,
      region: c.region,
      endpoint: describe.get(c.name)!.endpoint,
      certificateAuthorityData: describe.get(c.name)!.certificateAuthorityData,
    })),
    groups: access.groups.map((g) => ({
      name: g.name,
      ...(g.role ? { roleArn: roleArn(identity, g) } : {}),
      ...(g.role?.maxSessionSeconds !== undefined ? { sessionDurationSeconds: g.role.maxSessionSeconds } : {}),
      ...(g.role?.mfa ? { mfa: true } : {}),
      // apply binds every role group's sessions to the IAM user name (names.ts groupPolicy): developers keep to it.
      ...(g.role ? { sourceIdentity: true } : {}),
      ...(g.sso
        ? {
            sso: {
              startUrl: g.sso.startUrl,
              region: g.sso.region,
              accountId: g.sso.accountId,
              roleName: g.sso.roleName,
            },
          }
        : {}),
      ...(g.clusters ? { clusters: [...g.clusters] } : {}),
    })),
  };
}

function bundleBytes(bundle: Record<string, unknown>): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

/**
 * The bundle's bytes, checked with the checks `setup` runs: what DescribeCluster or a cluster-info file gave (or a
 * field the bundle format cannot hold yet) may not make a valid bundle, and then nothing is written to `out`.
 */
export function bundleText(
  access: AccessFile,
  identity: Identity,
  describe: Map<string, ClusterDescription>,
  inspect: InspectCertificates,
  out: string | undefined,
): string {
  const bundle = buildBundle(access, identity, describe);
  const { problems } = validateBundle(bundle, inspect);
  if (problems.length > 0) throw invalidBundleError(out ?? '(stdout)', problems);
  return bundleBytes(bundle);
}

/** What `admin bundle --out` says once the file is written: what it holds and what developers run. */
export function renderBundleWritten(out: string, access: AccessFile): string {
  return `wrote ${out}: bundle ${access.name}, ${access.clusters.length} cluster(s), ${access.groups.length} group(s); developers run \`eks-login setup ${out.split('/').pop()}\`\n`;
}

/** What changes for developers between an existing bundle and the one `admin bundle` would write. */
export function bundleChanges(current: Record<string, unknown>, next: Record<string, unknown>): Change[] {
  const changes: Change[] = [];
  for (const list of ['clusters', 'groups'] as const) {
    const before = new Map(((current[list] ?? []) as Array<{ name: string }>).map((x) => [x.name, x]));
    const after = new Map(((next[list] ?? []) as Array<{ name: string }>).map((x) => [x.name, x]));
    const what = list === 'clusters' ? 'cluster' : 'group';
    for (const [name, value] of after) {
      const old = before.get(name);
      if (!old) changes.push({ system: 'bundle', op: '+', target: `${what} ${name}`, details: [] });
      else {
        const fields = Object.keys({ ...old, ...value }).filter(
          (k) =>
            JSON.stringify((old as Record<string, unknown>)[k]) !==
            JSON.stringify((value as Record<string, unknown>)[k]),
        );
        if (fields.length > 0)
          changes.push({
            system: 'bundle',
            op: '~',
            target: `${what} ${name}`,
            details: fields.map((f) => `${f} changes`),
          });
      }
    }
    for (const name of before.keys())
      if (!after.has(name)) changes.push({ system: 'bundle', op: '-', target: `${what} ${name}`, details: [] });
  }
  return changes;
}
