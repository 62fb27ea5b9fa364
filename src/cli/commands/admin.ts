// `eks-login admin plan | apply | bundle | export <access.yaml>`: the admin side (docs/admin.md). One access file
// becomes IAM roles and groups, EKS access entries or aws-auth entries, RBAC objects and the developers'
// bundle, or the same as Terraform, CloudFormation or Kubernetes manifests. The command turns the flags into one
// input (a flag of another action is a usage error), makes one call, admin/wire.ts's runAdmin (which loads the AWS
// SDK clients for IAM and EKS only when an action needs them), and emits the writes it returns.
import { ExitCode, UsageError } from '../../kernel/errors.js';
import { defineCommand } from '../command.js';
import { emit } from '../emit.js';
import { inCwd } from '../in-cwd.js';
import { OUTPUTS, outFileOption, outputOption } from '../options.js';
import { EXPORT_FORMATS, runAdmin, type AdminInput, type ExportFormat } from '../../admin/wire.js';

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
        describe: `plan: exit ${ExitCode.CHANGES_PENDING} when changes are pending (0 in sync, 3 conflicts): a drift check for CI`,
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
        `CI drift check: exit ${ExitCode.CHANGES_PENDING} when IAM, EKS access or RBAC differ from the file`,
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
    const input = adminInput(args as unknown as AdminArgs, ctx.isInteractiveTerminal, ctx.cwd);
    emit(ctx, await runAdmin(ctx, input));
  },
});

/** The flags as one input; a flag that belongs to another action is a usage error. */
function adminInput(args: AdminArgs, interactive: boolean, cwd: string): AdminInput {
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
  if (args.action === 'export' && args.format === undefined)
    throw new UsageError('admin export needs --format terraform, cloudformation or kubernetes', {
      hint: `run \`eks-login admin export ${args.file} --format terraform\``,
    });
  if (args.action === 'apply' && !args.yes && !interactive) {
    throw new UsageError('admin apply without a terminal needs --yes (nobody can confirm the changes)', {
      hint: `run \`eks-login admin plan ${args.file}\` to review, then \`eks-login admin apply ${args.file} --yes\``,
    });
  }
  return {
    action: args.action,
    file: args.file,
    path: inCwd(cwd, args.file),
    output: args.output,
    out: inCwd(cwd, args.out),
    yes: args.yes,
    prune: args.prune,
    kubeContext: args.kubeContext,
    bundle: inCwd(cwd, args.bundle),
    format: args.format,
    cluster: args.cluster,
    exitCode: args.exitCode,
    infoFile:
      infoFile === undefined
        ? undefined
        : { kind: args.clusterInfo !== undefined ? 'cluster-info' : 'terraform-output', file: inCwd(cwd, infoFile) },
  };
}
