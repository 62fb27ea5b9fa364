// `eks-login token`: kubectl's exec credential plugin. Flags → TokenFlags → runToken (one JSON line on stdout).
// `token --decode [TOKEN | -]` shows what a token holds instead (src/cli/token/decode-command.ts).
import { UsageError } from '../../errors.js';
import { defineCommand } from '../command.js';
import { outputOption } from '../options.js';
import { runDecode } from '../token/decode-command.js';
import { runToken } from '../../app/token/run-token.js';

export const tokenCommand = defineCommand({
  command: 'token [token]',
  describe: 'Print an EKS bearer token as a kubectl ExecCredential (the kubeconfig exec plugin); --decode shows what a given token holds',
  builder: (y) =>
    y
      .positional('token', { type: 'string', describe: 'With --decode: the token (or ExecCredential JSON) to decode; - or nothing reads stdin' })
      .option('cluster', { type: 'string', describe: 'EKS cluster name (the x-k8s-aws-id unless --cluster-id is given)' })
      .option('cluster-id', { type: 'string', describe: 'Cluster id to sign for when it is not the name (EKS local clusters on Outposts)' })
      .option('region', { type: 'string', describe: 'AWS region of the cluster (else AWS_REGION, AWS_DEFAULT_REGION, the profile, the EKS endpoint)' })
      .option('role-arn', { type: 'string', describe: 'IAM role to assume for the token' })
      .option('source-profile', { type: 'string', describe: 'AWS profile that supplies the source credentials (default: the AWS credential chain)' })
      .option('bundle', { type: 'string', describe: 'Bundle name from setup: finds the setup record (source identity, group settings)' })
      .option('group', { type: 'string', describe: 'Group name from setup (selects the group settings of --bundle)' })
      .option('cache', { type: 'boolean', default: true, describe: 'Reuse a cached token while ≥ 2 min of validity remain (--no-cache: always mint)' })
      .option('decode', { type: 'boolean', describe: 'Show what a token holds (STS host, region, masked key id, signing time, validity) instead of minting one' })
      .option('output', outputOption('With --decode: text or json'))
      .check((argv) => {
        if (argv.decode) return true;
        if (argv.token !== undefined) throw new UsageError(`unexpected argument "${argv.token}": only --decode takes a token`, { hint: 'run `eks-login token --help`' });
        if (!argv.cluster) throw new UsageError('missing required argument: --cluster', { hint: 'run `eks-login token --help`' });
        return true;
      })
      .example('$0 token --cluster demo --region eu-west-1', 'Sign with the default AWS credentials')
      .example('$0 token --cluster demo --region eu-west-1 --role-arn arn:aws:iam::123456789012:role/developers', 'Assume a role first')
      .example('KUBERNETES_EXEC_INFO=... $0 token --cluster demo', 'As kubectl runs it (region from the cluster endpoint)')
      .example('$0 token --decode k8s-aws-v1.aHR0cHM6…', 'What a token holds, for a support ticket (secrets masked)')
      .example('$0 token --cluster demo --region eu-west-1 | $0 token --decode -', 'Decode the ExecCredential just minted'),
  handler: async (args, ctx) => {
    if (args.decode) return runDecode({ token: args.token, output: args.output }, ctx);
    await runToken(
      {
        cluster: args.cluster!,
        clusterId: args.clusterId,
        region: args.region,
        roleArn: args.roleArn,
        sourceProfile: args.sourceProfile,
        bundle: args.bundle,
        group: args.group,
        noCache: args.cache === false,
      },
      ctx,
    );
  },
});
