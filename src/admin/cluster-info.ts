// `admin bundle` without admin credentials: the endpoint and CA of each cluster (and the account) from a file a
// pipeline already has, instead of DescribeCluster and GetCallerIdentity. Two shapes (docs/admin.md):
// - `--cluster-info FILE`: {"account"?, "partition"?, "clusters": {"<name>": {"endpoint", "certificateAuthorityData"}}},
//   or what `aws eks describe-cluster` prints ({"cluster": {...}}), or a list of those;
// - `--from-terraform-output FILE`: what `terraform output -json` prints for a configuration made by
//   `admin export --format terraform`: its output `eks_login` = {account_id, partition, clusters: {"<name>":
//   {endpoint, certificate_authority_data}}}.
import { ConfigError } from '../kernel/errors.js';
import type { AccessFile } from './access/types.js';
import { partitionOf } from '../aws/partitions.js';
import type { Identity } from './names.js';
import type { ClusterDescription } from '../kernel/admin-ports.js';

export interface ClusterInfo {
  account?: string;
  partition?: string;
  clusters: Map<string, { endpoint: string; certificateAuthorityData: string }>;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function invalid(file: string, why: string, hint: string): ConfigError {
  return new ConfigError(`cannot read cluster info ${file}: ${why}`, { code: 'CLUSTER_INFO_INVALID', hint });
}

const INFO_HINT =
  'give {"clusters": {"<name>": {"endpoint": "https://…", "certificateAuthorityData": "<base64>"}}} or the output of `aws eks describe-cluster` (docs/admin.md, "bundle")';
const TF_HINT =
  'run `terraform output -json > out.json` in the configuration `eks-login admin export --format terraform` wrote (it has the output eks_login)';

export function parseClusterInfo(value: unknown, file: string): ClusterInfo {
  const clusters = new Map<string, { endpoint: string; certificateAuthorityData: string }>();
  const describeOutputs = Array.isArray(value) ? value : isRec(value) && isRec(value.cluster) ? [value] : undefined;
  if (describeOutputs) {
    for (const [i, item] of describeOutputs.entries()) {
      const c = isRec(item) && isRec(item.cluster) ? item.cluster : undefined;
      const name = str(c?.name);
      const endpoint = str(c?.endpoint);
      const ca = isRec(c?.certificateAuthority) ? str(c.certificateAuthority.data) : undefined;
      if (!name || !endpoint || !ca)
        throw invalid(
          file,
          `item ${i} is not the output of \`aws eks describe-cluster\` (cluster.name, cluster.endpoint, cluster.certificateAuthority.data)`,
          INFO_HINT,
        );
      clusters.set(name, { endpoint, certificateAuthorityData: ca });
    }
    return { clusters };
  }
  if (!isRec(value) || !isRec(value.clusters)) throw invalid(file, 'expected an object with "clusters"', INFO_HINT);
  for (const [name, c] of Object.entries(value.clusters)) {
    const endpoint = isRec(c) ? str(c.endpoint) : undefined;
    const ca = isRec(c) ? str(c.certificateAuthorityData) : undefined;
    if (!endpoint || !ca)
      throw invalid(file, `clusters.${name} needs "endpoint" and "certificateAuthorityData"`, INFO_HINT);
    clusters.set(name, { endpoint, certificateAuthorityData: ca });
  }
  return {
    ...(str(value.account) ? { account: str(value.account)! } : {}),
    ...(str(value.partition) ? { partition: str(value.partition)! } : {}),
    clusters,
  };
}

export function parseTerraformOutput(value: unknown, file: string): ClusterInfo {
  const output = isRec(value) && isRec(value.eks_login) ? value.eks_login.value : undefined;
  if (!isRec(output) || !isRec(output.clusters))
    throw invalid(file, 'no output "eks_login" with "clusters" in this `terraform output -json`', TF_HINT);
  const clusters = new Map<string, { endpoint: string; certificateAuthorityData: string }>();
  for (const [name, c] of Object.entries(output.clusters)) {
    const endpoint = isRec(c) ? str(c.endpoint) : undefined;
    const ca = isRec(c) ? str(c.certificate_authority_data) : undefined;
    if (!endpoint || !ca)
      throw invalid(file, `eks_login.clusters.${name} needs "endpoint" and "certificate_authority_data"`, TF_HINT);
    clusters.set(name, { endpoint, certificateAuthorityData: ca });
  }
  return {
    ...(str(output.account_id) ? { account: str(output.account_id)! } : {}),
    ...(str(output.partition) ? { partition: str(output.partition)! } : {}),
    clusters,
  };
}

/** The identity and DescribeCluster answers a bundle needs, from the info and the access file. */
export function bundleInputsFrom(
  access: AccessFile,
  info: ClusterInfo,
  file: string,
): { identity: Identity; describe: Map<string, ClusterDescription> } {
  const account = info.account ?? access.account;
  if (!account)
    throw invalid(
      file,
      `it names no account, and access file ${access.name} has no \`account\``,
      'add "account" to the cluster info, or `account: "123456789012"` to the access file',
    );
  if (access.account !== undefined && info.account !== undefined && access.account !== info.account) {
    throw invalid(
      file,
      `it is for account ${info.account}, but access file ${access.name} is for account ${access.account}`,
      'use the cluster info of the account the access file names',
    );
  }
  const missing = access.clusters.filter((c) => !info.clusters.has(c.name)).map((c) => c.name);
  if (missing.length > 0)
    throw invalid(
      file,
      `no endpoint and CA for cluster ${missing.join(', ')}`,
      `add ${missing.length === 1 ? 'it' : 'them'} to the file`,
    );
  const partition = info.partition ?? partitionOf(access.clusters[0]!.region).name;
  const describe = new Map(
    access.clusters.map((c) => [
      c.name,
      { name: c.name, ...info.clusters.get(c.name)!, authenticationMode: 'API_AND_CONFIG_MAP' as const },
    ]),
  );
  return { identity: { account, partition, arn: `arn:${partition}:iam::${account}:root` }, describe };
}
