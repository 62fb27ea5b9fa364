// `admin bundle`: DescribeCluster per cluster → Bundle v1, validated with the same checks `setup` runs,
// then written (deterministic bytes) to -o or stdout.
import { readFile } from 'node:fs/promises';
import { buildBundle, bundleBytes, bundleChanges } from '../../core/admin/bundle.js';
import type { Change } from '../../core/admin/model.js';
import type { Identity } from '../../core/admin/names.js';
import type { AdminDeps, ClusterRef } from '../../core/admin/plan.js';
import { checkAccount } from '../../core/admin/plan.js';
import type { AccessFile } from '../../core/access/types.js';
import { invalidBundleError } from '../../core/bundle/parse.js';
import { validateBundle } from '../../core/bundle/validate.js';
import { InternalError } from '../../errors.js';
import type { Services } from '../services.js';

export async function writeAdminBundle(access: AccessFile, deps: AdminDeps, out: string | undefined, ctx: Services): Promise<number> {
  checkAccount(access, deps.identity);
  const describe = new Map(await Promise.all(access.clusters.map(async (c) => [c.name, await deps.eks.describeCluster(c.name, c.region)] as const)));
  const bundle = buildBundle(access, deps.identity, describe);
  const { inspectPemCertificates } = await import('../../adapters/x509.js');
  const { problems } = validateBundle(bundle, inspectPemCertificates);
  if (problems.length > 0) {
    // What DescribeCluster returned (or a field the bundle format cannot hold yet) does not make a valid bundle.
    throw invalidBundleError(out ?? '(stdout)', problems);
  }
  const text = bundleBytes(bundle);
  if (out === undefined) {
    ctx.stdout.write(text);
    return 0;
  }
  const { writeFileAtomic } = await import('../../adapters/atomic-file.js');
  await writeFileAtomic(out, text, 0o644).catch((error: unknown) => {
    throw new InternalError(`cannot write ${out}: ${(error as Error).message}`, { cause: error });
  });
  ctx.stderr.write(`wrote ${out}: bundle ${access.name}, ${access.clusters.length} cluster(s), ${access.groups.length} group(s); developers run \`eks-login setup ${out.split('/').pop()}\`\n`);
  return 0;
}

export async function compareBundle(access: AccessFile, identity: Identity, clusters: ClusterRef[], file: string): Promise<Change[]> {
  const next = buildBundle(access, identity, new Map(clusters.map((c) => [c.name, c.description])));
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    /* no bundle yet: everything is new */
  }
  return bundleChanges(current, next);
}
