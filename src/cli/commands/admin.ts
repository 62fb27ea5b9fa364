// `eks-login admin plan | apply | bundle <access.yaml>`: the admin side (docs/admin.md). One access file
// becomes IAM roles and groups, EKS access entries or aws-auth entries, RBAC objects and the developers'
// bundle. The AWS SDK clients for IAM and EKS are imported only here (lazily, inside the handler).
import { resolve } from 'node:path';
import { ConfigError, UsageError } from '../../kernel/errors.js';
import { defineCommand } from '../command.js';
import { OUTPUTS, outFileOption, outputOption } from '../options.js';
import type { Services } from '../../services/services.js';
import { CHANGES_PENDING_EXIT } from '../../admin/model.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../admin/export-formats.js';

interface AdminArgs {
  action: 'plan' | 'apply' | 'bundle' | 'export';
  file: string;
  output: 'text' | 'json';
  out?: string | undefined;
  outFromO?: boolean | undefined;
  yes?: boolean | undefined;
  prune?: boolean | undefined;
  kubeContext?: string | undefined;
  bundle?: string | undefined;
  format?: ExportFormat | undefined;
  exitCode?: boolean | undefined;
  clusterInfo?: string | undefined;
  fromTerraformOutput?: string | undefined;
  cluster?: string | undefined;
}

export const adminCommand = defineCommand({
  command: 'admin <action> <file>',
  describe:
    'Admins: turn one access file into IAM roles, EKS access, RBAC and the bundle (plan | apply | bundle | export)',
  builder: (y) =>
    y
      .positional('action', {
        choices: ['plan', 'apply', 'bundle', 'export'] as const,
        describe:
          "plan: show changes (reads only); apply: make them; bundle: write the developers' bundle; export: the same as Terraform, CloudFormation or Kubernetes manifests (offline)",
        demandOption: true,
      })
      .positional('file', {
        type: 'string',
        describe: 'The access file (YAML or JSON; docs/admin.md)',
        demandOption: true,
      })
      .option('output', outputOption('plan: json prints {"access", "inSync", "changeCount", "changes", "conflicts"}'))
      .option(
        'out',
        outFileOption('bundle: write the bundle to this file; export: write the output to this file (default: stdout)'),
      )
      // `admin bundle -o FILE` was the file before -o meant the output format everywhere: still read, for one
      // minor version, with a warning. Before validation, so the file name is not refused as a format.
      .middleware((argv) => {
        if (argv.action !== 'bundle' || (OUTPUTS as readonly unknown[]).includes(argv.output)) return;
        if (argv.out === undefined) argv.out = String(argv.output);
        argv.output = argv.o = 'text';
        argv.outFromO = true;
      }, true)
      .option('out-from-o', { type: 'boolean', hidden: true })
      .option('exit-code', {
        type: 'boolean',
        describe: `plan: exit ${CHANGES_PENDING_EXIT} when changes are pending (0 in sync, 3 conflicts): a drift check for CI`,
      })
      .option('cluster-info', {
        type: 'string',
        describe: 'bundle: endpoints and CAs from this JSON file instead of DescribeCluster; no AWS credentials needed',
      })
      .option('from-terraform-output', {
        type: 'string',
        describe:
          'bundle: endpoints, CAs and account from `terraform output -json` of the exported Terraform; no AWS credentials needed',
      })
      .option('yes', { type: 'boolean', describe: 'apply: do not ask; required without a terminal' })
      .option('prune', {
        type: 'boolean',
        describe: 'apply: also delete objects eks-login made for this file that it no longer declares',
      })
      .option('kube-context', {
        type: 'string',
        describe:
          "Use this kubeconfig context for the clusters' Kubernetes API instead of a token minted for the admin",
      })
      .option('bundle', { type: 'string', describe: 'plan: also compare with this existing bundle file' })
      .option('format', {
        choices: EXPORT_FORMATS,
        describe:
          "export: terraform (one HCL file), cloudformation (one template: IAM and EKS access) or kubernetes (one cluster's RBAC objects for kubectl apply --server-side); no AWS call",
      })
      .option('cluster', {
        type: 'string',
        describe: 'export: only this cluster (required for kubernetes when the file has several)',
      })
      .example('$0 admin plan access.yaml', 'What would change in IAM, EKS access and RBAC')
      .example('$0 admin apply access.yaml --yes', 'Make it so (idempotent; CI needs --yes)')
      .example('$0 admin apply access.yaml --yes --prune', 'Also remove what a deleted group had')
      .example('$0 admin bundle access.yaml --out bundle.json', 'The bundle developers pass to `eks-login setup`')
      .example(
        '$0 admin plan access.yaml --exit-code',
        `CI drift check: exit ${CHANGES_PENDING_EXIT} when IAM, EKS access or RBAC differ from the file`,
      )
      .example(
        '$0 admin bundle access.yaml --from-terraform-output tf.json --out bundle.json',
        'The bundle from `terraform output -json`, without admin credentials',
      )
      .example(
        '$0 admin export access.yaml --format terraform --out eks-login.tf',
        'The same roles, groups, access entries and RBAC as Terraform, for review in a pull request',
      ),
  handler: async (args, ctx) => {
    if (args.outFromO)
      ctx.logger.warn(
        '`admin bundle -o FILE` is deprecated: use --out FILE (-o is the output format in every command; -o FILE stops working in the next minor version)',
      );
    return runAdmin(args as unknown as AdminArgs, ctx);
  },
});

async function runAdmin(args: AdminArgs, ctx: Services): Promise<number> {
  if (args.action !== 'apply' && (args.yes || args.prune))
    throw new UsageError(`--yes and --prune belong to \`admin apply\`, not \`admin ${args.action}\``, {
      hint: 'run `eks-login admin --help`',
    });
  if (args.action !== 'bundle' && args.action !== 'export' && args.out !== undefined)
    throw new UsageError(
      '--out names the file `admin bundle` or `admin export` writes; `admin plan` prints JSON with -o json',
      { hint: 'run `eks-login admin --help`' },
    );
  if (args.action !== 'export' && (args.format !== undefined || args.cluster !== undefined))
    throw new UsageError(`--format and --cluster belong to \`admin export\`, not \`admin ${args.action}\``, {
      hint: 'run `eks-login admin --help`',
    });
  if (args.exitCode && args.action !== 'plan')
    throw new UsageError(`--exit-code belongs to \`admin plan\`, not \`admin ${args.action}\``, {
      hint: 'run `eks-login admin --help`',
    });
  const infoFile = args.clusterInfo ?? args.fromTerraformOutput;
  if (infoFile !== undefined && args.action !== 'bundle')
    throw new UsageError(
      `--cluster-info and --from-terraform-output belong to \`admin bundle\`, not \`admin ${args.action}\``,
      { hint: 'run `eks-login admin --help`' },
    );
  if (args.clusterInfo !== undefined && args.fromTerraformOutput !== undefined)
    throw new UsageError('give --cluster-info or --from-terraform-output, not both', {
      hint: 'run `eks-login admin --help`',
    });
  if (args.action === 'export') return runExport(args, ctx);
  if (args.action === 'apply' && !args.yes && !ctx.isInteractiveTerminal) {
    throw new UsageError('admin apply without a terminal needs --yes (nobody can confirm the changes)', {
      hint: `run \`eks-login admin plan ${args.file}\` to review, then \`eks-login admin apply ${args.file} --yes\``,
    });
  }
  const { loadAccessFile } = await import('../../admin/access/access-file.node.js');
  const access = await loadAccessFile(resolve(ctx.cwd, args.file));
  if (args.action === 'bundle' && infoFile !== undefined) {
    const { writeBundleFromFile } = await import('../../admin/write-bundle.node.js');
    const source = {
      kind: args.clusterInfo !== undefined ? ('cluster-info' as const) : ('terraform-output' as const),
      file: resolve(ctx.cwd, infoFile),
    };
    return writeBundleFromFile(access, source, args.out === undefined ? undefined : resolve(ctx.cwd, args.out), ctx);
  }
  const { createAdminDeps } = await import('../../admin/wire.js');
  const deps = await createAdminDeps(ctx, { kubeContext: args.kubeContext }, access.clusters[0]!.region);
  if (args.action === 'bundle') {
    const { writeAdminBundle } = await import('../../admin/write-bundle.node.js');
    return writeAdminBundle(access, deps, args.out === undefined ? undefined : resolve(ctx.cwd, args.out), ctx);
  }
  const [{ planAccess }, { renderPlan, planJson, pendingChanges }] = await Promise.all([
    import('../../admin/plan.js'),
    import('../../admin/render.js'),
  ]);
  const prune = Boolean(args.prune);
  const { plan, clusters } = await planAccess(access, deps, { prune });
  if (args.action === 'plan' && args.bundle) {
    const { compareBundle } = await import('../../admin/write-bundle.node.js');
    plan.changes.push(...(await compareBundle(access, deps.identity, clusters, resolve(ctx.cwd, args.bundle))));
  }
  if (args.action === 'plan') {
    ctx.stdout.write(
      args.output === 'json' ? `${JSON.stringify(planJson(plan, false), null, 2)}\n` : renderPlan(plan, false),
    );
    if (plan.conflicts.length > 0) return 3;
    return args.exitCode && pendingChanges(plan, false).length > 0 ? CHANGES_PENDING_EXIT : 0;
  }
  ctx.stdout.write(renderPlan(plan, prune));
  if (plan.conflicts.length > 0)
    throw conflictError(plan.conflicts.map((c) => `${c.target}${c.cluster ? ` (cluster ${c.cluster})` : ''}`));
  if (plan.steps.length === 0) return 0;
  if (!args.yes) {
    const answer = await (await ctx.prompter()).ask(`Apply these ${plan.steps.length} step(s)? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) {
      ctx.stderr.write('nothing changed\n');
      return 0;
    }
  }
  const { applyPlan } = await import('../../admin/apply.js');
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
    const error = outcome.failed.error as Error & { hint?: string };
    ctx.stderr.write(
      `applied ${outcome.done.length} of ${plan.steps.length} step(s); stopped at: ${outcome.failed.step.says}\n`,
    );
    for (const s of [outcome.failed.step, ...outcome.notRun]) ctx.stderr.write(`  not applied: ${s.says}\n`);
    if (error && typeof error === 'object') {
      const hint = `re-run \`eks-login admin apply ${args.file}${args.yes ? ' --yes' : ''}${prune ? ' --prune' : ''}\` to continue: it starts from what exists now`;
      Object.defineProperty(error, 'hint', {
        value: error.hint ? `${error.hint}; then ${hint}` : hint,
        configurable: true,
      });
    }
    throw error;
  }
  ctx.stdout.write(`applied ${outcome.done.length} step(s)\n`);
  return 0;
}

/** Offline: the access file only, no credentials and no AWS client. */
async function runExport(args: AdminArgs, ctx: Services): Promise<number> {
  if (args.format === undefined)
    throw new UsageError('admin export needs --format terraform, cloudformation or kubernetes', {
      hint: `run \`eks-login admin export ${args.file} --format terraform\``,
    });
  const { loadAccessFile } = await import('../../admin/access/access-file.node.js');
  const access = await loadAccessFile(resolve(ctx.cwd, args.file));
  const { exportAccess } = await import('../../admin/export.node.js');
  return exportAccess(
    access,
    {
      file: args.file,
      format: args.format,
      cluster: args.cluster,
      out: args.out === undefined ? undefined : resolve(ctx.cwd, args.out),
    },
    ctx,
  );
}

function conflictError(targets: string[]): ConfigError {
  return new ConfigError(
    `admin apply changed nothing: ${targets.length === 1 ? 'an object exists' : `${targets.length} objects exist`} that eks-login does not own: ${targets.join('; ')}`,
    {
      code: 'ADMIN_CONFLICT',
      hint: 'the conflicts above say why each one is refused; eks-login never overwrites an object it did not create',
    },
  );
}
