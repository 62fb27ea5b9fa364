// `eks-login token`: kubectl's exec credential plugin. Flags → TokenFlags → runToken (one JSON line on stdout).
import { defineCommand } from '../command.js';
import { runToken } from '../token/run-token.js';

export const tokenCommand = defineCommand({
  command: 'token',
  describe: 'Print an EKS bearer token as a kubectl ExecCredential (the kubeconfig exec plugin)',
  builder: (y) =>
    y
      .option('cluster', { type: 'string', demandOption: true, describe: 'EKS cluster name (the x-k8s-aws-id unless --cluster-id is given)' })
      .option('cluster-id', { type: 'string', describe: 'Cluster id to sign for when it is not the name (EKS local clusters on Outposts)' })
      .option('region', { type: 'string', describe: 'AWS region of the cluster (else AWS_REGION, AWS_DEFAULT_REGION, the profile, the EKS endpoint)' })
      .option('role-arn', { type: 'string', describe: 'IAM role to assume for the token' })
      .option('source-profile', { type: 'string', describe: 'AWS profile that supplies the source credentials (default: the AWS credential chain)' })
      .option('bundle', { type: 'string', describe: 'Bundle name from setup: finds the setup record (source identity, group settings)' })
      .option('group', { type: 'string', describe: 'Group name from setup (selects the group settings of --bundle)' })
      .option('cache', { type: 'boolean', default: true, describe: 'Reuse a cached token while ≥ 2 min of validity remain (--no-cache: always mint)' })
      .example('$0 token --cluster demo --region eu-west-1', 'Sign with the default AWS credentials')
      .example('$0 token --cluster demo --region eu-west-1 --role-arn arn:aws:iam::123456789012:role/developers', 'Assume a role first')
      .example('KUBERNETES_EXEC_INFO=... $0 token --cluster demo', 'As kubectl runs it (region from the cluster endpoint)'),
  handler: async (args, ctx) => {
    await runToken(
      {
        cluster: args.cluster,
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
