// What other EKS exec plugins say about the cluster in their args: `aws eks get-token --cluster-name N
// [--cluster-id ID] [--region R]`, `aws-iam-authenticator token -i N`. Pure.

function valueOf(args: readonly string[], names: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    for (const name of names) {
      if (arg === name && i + 1 < args.length) return args[i + 1];
      if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
    }
  }
  return undefined;
}

export interface ForeignExecCluster {
  /** The x-k8s-aws-id the plugin signs for, when its args name it. */
  clusterId?: string;
  clusterName?: string;
  region?: string;
}

export function clusterFromExecArgs(args: readonly string[]): ForeignExecCluster {
  const clusterName = valueOf(args, ['--cluster-name', '--cluster']);
  const explicitId = valueOf(args, ['--cluster-id', '-i']);
  const clusterId = explicitId ?? clusterName;
  const region = valueOf(args, ['--region']);
  return {
    ...(clusterId ? { clusterId } : {}),
    ...((clusterName ?? explicitId) ? { clusterName: (clusterName ?? explicitId)! } : {}),
    ...(region ? { region } : {}),
  };
}
