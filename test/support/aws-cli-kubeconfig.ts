// A kubeconfig as `aws eks update-kubeconfig` writes it (contexts and users named by the cluster ARN, exec
// `aws --region R eks get-token --cluster-name N --output json [--role-arn ARN]`, env AWS_PROFILE when a
// profile was used), plus what adopt must leave alone: a foreign context, and an aws-iam-authenticator user
// through a wrapper path. `eks-login adopt` tests start from it.
export interface AwsCliCluster {
  name: string;
  region: string;
  server: string;
  caData: string;
  roleArn?: string;
  profile?: string;
}

export const arnOf = (c: AwsCliCluster): string => `arn:aws:eks:${c.region}:123456789012:cluster/${c.name}`;

export function awsCliUser(c: AwsCliCluster): Record<string, unknown> {
  return {
    name: arnOf(c),
    user: {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        args: [
          '--region',
          c.region,
          'eks',
          'get-token',
          '--cluster-name',
          c.name,
          '--output',
          'json',
          ...(c.roleArn ? ['--role-arn', c.roleArn] : []),
        ],
        command: 'aws',
        ...(c.profile ? { env: [{ name: 'AWS_PROFILE', value: c.profile }] } : {}),
      },
    },
  };
}

/** The document (kubectl's key order); `extra` adds whole entries (a foreign context, an authenticator user). */
export function awsCliKubeconfig(
  clusters: AwsCliCluster[],
  extra: { clusters?: unknown[]; users?: unknown[]; contexts?: unknown[] } = {},
): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    clusters: [
      ...clusters.map((c) => ({
        cluster: { 'certificate-authority-data': c.caData, server: c.server },
        name: arnOf(c),
      })),
      ...(extra.clusters ?? []),
    ],
    contexts: [
      ...clusters.map((c) => ({ context: { cluster: arnOf(c), user: arnOf(c) }, name: arnOf(c) })),
      ...(extra.contexts ?? []),
    ],
    'current-context': arnOf(clusters[0]!),
    kind: 'Config',
    preferences: {},
    users: [...clusters.map(awsCliUser), ...(extra.users ?? [])],
  };
}

/** A context whose user is not adoptable (a static token), and its cluster. */
export function foreignContext(server: string): { clusters: unknown[]; users: unknown[]; contexts: unknown[] } {
  return {
    clusters: [
      { cluster: { server, 'insecure-skip-tls-verify': true, 'x-unknown-field': 'kept' }, name: 'kind-local' },
    ],
    users: [{ name: 'kind-local', user: { token: 'not-a-secret-test-token' } }],
    contexts: [{ context: { cluster: 'kind-local', user: 'kind-local', namespace: 'team-a' }, name: 'kind-local' }],
  };
}
