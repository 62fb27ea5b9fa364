// `admin bundle`: DescribeCluster per cluster → Bundle v1, validated with the same checks `setup` runs,
// then written (deterministic bytes) to -o or stdout.
import { readFile } from 'node:fs/promises';
import { buildBundle, bundleBytes, bundleChanges } from './bundle.js';
import type { Change } from './model.js';
import type { Identity } from './names.js';
import type { AdminDeps, ClusterRef } from './plan.js';
import { checkAccount } from './plan.js';
import type { AccessFile } from './access/types.js';
import { invalidBundleError } from '../bundle/parse.js';
import { validateBundle } from '../bundle/validate.js';
import { bundleInputsFrom, parseClusterInfo, parseTerraformOutput } from './cluster-info.js';
import type { ClusterDescription } from '../kernel/admin-ports.js';
import { ConfigError, InternalError } from '../kernel/errors.js';
import type { Services } from '../services/services.js';

export async function writeAdminBundle(
  access: AccessFile,
  deps: AdminDeps,
  out: string | undefined,
  ctx: Services,
): Promise<void> {
  checkAccount(access, deps.identity);
  const describe = new Map(
    await Promise.all(
      access.clusters.map(async (c) => [c.name, await deps.eks.describeCluster(c.name, c.region)] as const),
    ),
  );
  await writeBundle(access, deps.identity, describe, out, ctx);
}

/**
 * `admin bundle --cluster-info FILE | --from-terraform-output FILE`: no credentials and no AWS call; the
 * endpoints, CAs and the account come from the file (admin/cluster-info.ts).
 */
export async function writeBundleFromFile(
  access: AccessFile,
  source: { kind: 'cluster-info' | 'terraform-output'; file: string },
  out: string | undefined,
  ctx: Services,
): Promise<void> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(source.file, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(
      `cannot read ${source.kind === 'cluster-info' ? 'cluster info' : 'terraform output'} ${source.file}: ${why}`,
      { code: 'CLUSTER_INFO_INVALID', hint: 'give a JSON file (docs/admin.md, "bundle")', cause: error },
    );
  }
  const info =
    source.kind === 'cluster-info' ? parseClusterInfo(value, source.file) : parseTerraformOutput(value, source.file);
  const { identity, describe } = bundleInputsFrom(access, info, source.file);
  await writeBundle(access, identity, describe, out, ctx);
}

async function writeBundle(
  access: AccessFile,
  identity: Identity,
  describe: Map<string, ClusterDescription>,
  out: string | undefined,
  ctx: Services,
): Promise<void> {
  const bundle = buildBundle(access, identity, describe);
  const { inspectPemCertificates } = await import('../infra/x509.js');
  const { problems } = validateBundle(bundle, inspectPemCertificates);
  if (problems.length > 0) {
    // What DescribeCluster returned (or a field the bundle format cannot hold yet) does not make a valid bundle.
    throw invalidBundleError(out ?? '(stdout)', problems);
  }
  const text = bundleBytes(bundle);
  if (out === undefined) {
    ctx.stdout.write(text);
    return;
  }
  const { writeFileAtomic } = await import('../infra/fs/atomic-file.js');
  await writeFileAtomic(out, text, 0o644).catch((error: unknown) => {
    throw new InternalError(`cannot write ${out}: ${(error as Error).message}`, { cause: error });
  });
  ctx.stderr.write(
    `wrote ${out}: bundle ${access.name}, ${access.clusters.length} cluster(s), ${access.groups.length} group(s); developers run \`eks-login setup ${out.split('/').pop()}\`\n`,
  );
}

export async function compareBundle(
  access: AccessFile,
  identity: Identity,
  clusters: ClusterRef[],
  file: string,
): Promise<Change[]> {
  const next = buildBundle(access, identity, new Map(clusters.map((c) => [c.name, c.description])));
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    /* no bundle yet: everything is new */
  }
  return bundleChanges(current, next);
}
