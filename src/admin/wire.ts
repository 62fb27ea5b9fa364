// `eks-login admin plan | apply | bundle | export`'s one call (runAdmin, docs/admin.md): the access file read, then
// per action: export offline; bundle from a cluster-info / terraform-output file without credentials, else from
// DescribeCluster; plan and apply through the admin's ports. The pure renderers make the text (export.ts,
// bundle.ts, render.ts), admin-files.node.ts writes --out, and the writes go back to the command; only apply
// says the plan and each step as it goes, since it asks first unless --yes.
// The admin commands' dependencies from the composition root: the admin's credentials from the default AWS
// chain, the caller identity, IAM and EKS (Services.adminAws: client-iam and client-eks), and per cluster a
// Kubernetes API authenticated with a token eks-login mints for the admin against DescribeCluster's endpoint
// and CA, or the kubeconfig context given with --kube-context.
import type { ClusterRef, AdminDeps } from './plan.js';
import type { ClusterDescription, KubePort } from '../kernel/admin-ports.js';
import type { AccessFile } from './access/types.js';
import { resolveStsEndpoint } from '../aws/sts-endpoint.js';
import { getToken } from '../token/get-token.js';
import type { Identity } from './names.js';
import type { Services } from '../services/services.js';
import { prepareToken } from '../token/wire.js';
import { activeProfile } from '../aws/active-profile.js';
import type { AdminPlan } from './model.js';
import type { Outcome } from '../kernel/write.js';
import { ChangesPendingError, ConfigError, isEksLoginError, UsageError, withHint } from '../kernel/errors.js';
import type { ExportFormat } from './export-formats.js';

interface AdminOptions {
  kubeContext?: string | undefined;
}

async function createAdminDeps(ctx: Services, options: AdminOptions, firstRegion: string): Promise<AdminDeps> {
  const env = ctx.env;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? firstRegion;
  const profile = activeProfile(env);
  const credentials = await ctx.profileCredentials({
    profile,
    explicit: false,
    region,
    http: ctx.awsHttpForProfile(profile),
  });
  const sts = resolveStsEndpoint(region, env);
  const caller = await (
    await ctx.stsGateway(ctx.awsHttpForProfile())
  ).getCallerIdentity(credentials, { region, endpoint: sts.url });
  const identity: Identity = { account: caller.account, arn: caller.arn, partition: caller.arn.split(':')[1] ?? 'aws' };
  ctx.logger.debug(`admin identity ${caller.arn}`);
  const kubes = new Map<string, Promise<KubePort>>();
  const { createKubeAdmin } = await import('./kube-admin.js');

  const kube = async (cluster: ClusterRef): Promise<KubePort> => {
    if (options.kubeContext) {
      const [{ loadContextTarget, mintForContext }, { endpointOf }] = await Promise.all([
        import('../diagnose/wire.js'),
        import('../diagnose/context-target.js'),
      ]);
      const target = await loadContextTarget(ctx, { context: options.kubeContext });
      const minted = await mintForContext(target, ctx, { signIn: true });
      return createKubeAdmin(
        ctx.kubeApi(endpointOf(target.target.cluster), { token: minted.token }),
        cluster.name,
        `context ${options.kubeContext}`,
      );
    }
    // The admin's own identity, exactly like `aws eks get-token --cluster-name <name>` (no role).
    const { request, deps } = await prepareToken(
      { cluster: cluster.name, region: cluster.region },
      ctx.with({ env: { ...env, KUBERNETES_EXEC_INFO: undefined } }),
    );
    const { token } = await getToken(request, deps);
    const caPem = Buffer.from(cluster.description.certificateAuthorityData, 'base64').toString('utf8');
    return createKubeAdmin(
      ctx.kubeApi({ server: cluster.description.endpoint, caPem }, { token }),
      cluster.name,
      caller.arn,
    );
  };

  return {
    identity,
    ...(await ctx.adminAws(credentials)),
    kube: (cluster) => {
      let k = kubes.get(cluster.name);
      if (!k) kubes.set(cluster.name, (k = kube(cluster)));
      return k;
    },
  };
}

export interface AdminInput {
  action: 'plan' | 'apply' | 'bundle' | 'export';
  /** As the user named it (messages and hints), and resolved against the command's directory. */
  file: string;
  path: string;
  output: 'text' | 'json';
  /** bundle, export: the file to write (resolved); none: stdout. */
  out?: string | undefined;
  yes?: boolean | undefined;
  prune?: boolean | undefined;
  kubeContext?: string | undefined;
  /** plan: also compare with this bundle file (resolved). */
  bundle?: string | undefined;
  /** export: the format (checked by the command) and the one cluster. */
  format?: ExportFormat | undefined;
  cluster?: string | undefined;
  exitCode?: boolean | undefined;
  /** bundle: endpoints and CAs from this file (resolved) instead of DescribeCluster. */
  infoFile?: { kind: 'cluster-info' | 'terraform-output'; file: string } | undefined;
}

export async function runAdmin(ctx: Services, input: AdminInput): Promise<Outcome> {
  const done: Outcome = { writes: [] };
  const { loadAccessFile } = await import('./access/access-file.node.js');
  const access = await loadAccessFile(input.path);
  if (input.action === 'export') {
    // Offline: the access file only, no credentials and no AWS client.
    const [{ renderExport, renderExportWritten }, { yamlCodec }] = await Promise.all([
      import('./export.js'),
      import('./yaml.node.js'),
    ]);
    const exportInput = { file: input.file, format: input.format!, cluster: input.cluster };
    const text = renderExport(access, exportInput, yamlCodec);
    return writeOut(text, input.out, (out) => renderExportWritten(out, exportInput, access));
  }
  if (input.action === 'bundle') {
    // The clusters from DescribeCluster, or from a cluster-info / terraform-output file: no credentials, no AWS call.
    const { identity, describe } =
      input.infoFile === undefined
        ? await describeClusters(access, await createAdminDeps(ctx, input, access.clusters[0]!.region))
        : await clusterInfoFrom(access, input.infoFile);
    const [{ bundleText, renderBundleWritten }, { inspectPemCertificates }] = await Promise.all([
      import('./bundle.js'),
      import('../infra/x509.js'),
    ]);
    const text = bundleText(access, identity, describe, inspectPemCertificates, input.out);
    return writeOut(text, input.out, (out) => renderBundleWritten(out, access));
  }
  if (input.kubeContext !== undefined && access.clusters.length > 1) {
    // A context is one cluster's API: used for every cluster, it would read and write one cluster's RBAC as all's.
    const names = access.clusters.map((c) => c.name).join(', ');
    throw new UsageError(
      `admin ${input.action}: --kube-context ${input.kubeContext} reaches one cluster, but ${input.file} names ${access.clusters.length} (${names})`,
      {
        hint: `leave out --kube-context (eks-login reaches each cluster at the endpoint DescribeCluster gives), or use an access file with one cluster`,
      },
    );
  }
  const deps = await createAdminDeps(ctx, input, access.clusters[0]!.region);
  const [{ planAccess }, { renderPlan, planJson, pendingChanges }] = await Promise.all([
    import('./plan.js'),
    import('./render.js'),
  ]);
  const prune = Boolean(input.prune);
  const { plan, clusters } = await planAccess(access, deps, { prune });
  if (input.action === 'plan') {
    if (input.bundle) {
      const [{ buildBundle, bundleChanges }, { readCurrentBundle }] = await Promise.all([
        import('./bundle.js'),
        import('./admin-files.node.js'),
      ]);
      const next = buildBundle(access, deps.identity, new Map(clusters.map((c) => [c.name, c.description])));
      plan.changes.push(...bundleChanges(await readCurrentBundle(input.bundle), next));
    }
    const text =
      input.output === 'json' ? `${JSON.stringify(planJson(plan, false), null, 2)}\n` : renderPlan(plan, false);
    return {
      writes: [{ to: 'stdout', text }],
      failure: planFailure(plan, Boolean(input.exitCode) && pendingChanges(plan, false).length > 0),
    };
  }
  ctx.stdout.write(renderPlan(plan, prune));
  if (plan.conflicts.length > 0) throw conflictError(plan);
  if (plan.steps.length === 0) return done;
  if (!input.yes) {
    const answer = await (await ctx.prompter()).ask(`Apply these ${plan.steps.length} step(s)? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) return { writes: [{ to: 'stderr', text: 'nothing changed\n' }] };
  }
  const { applyPlan } = await import('./apply.js');
  const outcome = await applyPlan(
    plan,
    {
      iam: deps.iam,
      eks: deps.eks,
      yaml: deps.yaml,
      kube: (name) => deps.kube(clusters.find((c) => c.name === name)!),
    },
    (s) => ctx.stderr.write(`  ✔ ${s.says}\n`),
  );
  if (outcome.failed) {
    const { error } = outcome.failed;
    ctx.stderr.write(
      `applied ${outcome.done.length} of ${plan.steps.length} step(s); stopped at: ${outcome.failed.step.says}\n`,
    );
    for (const s of [outcome.failed.step, ...outcome.notRun]) ctx.stderr.write(`  not applied: ${s.says}\n`);
    const rerun = `re-run \`eks-login admin apply ${input.file}${input.yes ? ' --yes' : ''}${prune ? ' --prune' : ''}\` to continue: it starts from what exists now`;
    throw isEksLoginError(error) ? withHint(error, rerun) : error;
  }
  return { writes: [{ to: 'stdout', text: `applied ${outcome.done.length} step(s)\n` }] };
}

/** The text on stdout, or written to `out` and then one line on stderr saying so. */
async function writeOut(text: string, out: string | undefined, written: (out: string) => string): Promise<Outcome> {
  if (out === undefined) return { writes: [{ to: 'stdout', text }] };
  const { writeOutFile } = await import('./admin-files.node.js');
  await writeOutFile(out, text);
  return { writes: [{ to: 'stderr', text: written(out) }] };
}

interface BundleClusters {
  identity: Identity;
  describe: Map<string, ClusterDescription>;
}

/** `admin bundle`: each cluster's endpoint and CA from DescribeCluster, as the admin's account. */
async function describeClusters(access: AccessFile, deps: AdminDeps): Promise<BundleClusters> {
  const { checkAccount } = await import('./plan.js');
  checkAccount(access, deps.identity);
  const described = await Promise.all(
    access.clusters.map(async (c) => [c.name, await deps.eks.describeCluster(c.name, c.region)] as const),
  );
  return { identity: deps.identity, describe: new Map(described) };
}

/** `admin bundle --cluster-info FILE | --from-terraform-output FILE`: the endpoints, CAs and account from the file. */
async function clusterInfoFrom(
  access: AccessFile,
  source: NonNullable<AdminInput['infoFile']>,
): Promise<BundleClusters> {
  const [{ readClusterInfoFile }, { bundleInputsFrom, parseClusterInfo, parseTerraformOutput }] = await Promise.all([
    import('./admin-files.node.js'),
    import('./cluster-info.js'),
  ]);
  const value = await readClusterInfoFile(source);
  const info =
    source.kind === 'cluster-info' ? parseClusterInfo(value, source.file) : parseTerraformOutput(value, source.file);
  return bundleInputsFrom(access, info, source.file);
}

/** plan: conflicts are exit 3, and with --exit-code pending changes are exit 10; the plan above said both. */
function planFailure(plan: AdminPlan, pending: boolean): Outcome['failure'] {
  if (plan.conflicts.length > 0)
    return new ConfigError('admin plan: objects exist that eks-login does not own', {
      code: 'ADMIN_CONFLICT',
      reported: true,
    });
  if (pending)
    return new ChangesPendingError('admin plan: changes are pending', {
      code: 'ADMIN_CHANGES_PENDING',
      reported: true,
    });
  return undefined;
}

function conflictError(plan: AdminPlan): ConfigError {
  const targets = plan.conflicts.map((c) => `${c.target}${c.cluster ? ` (cluster ${c.cluster})` : ''}`);
  return new ConfigError(
    `admin apply changed nothing: ${targets.length === 1 ? 'an object exists' : `${targets.length} objects exist`} that eks-login does not own: ${targets.join('; ')}`,
    {
      code: 'ADMIN_CONFLICT',
      hint: 'the conflicts above say why each one is refused; eks-login never overwrites an object it did not create',
    },
  );
}

export { EXPORT_FORMATS, type ExportFormat } from './export-formats.js';
