// What every `admin export` format says the same way: where the output comes from, and why aws-auth is never
// a resource of the output.

export interface ExportSource {
  /** The access file as named on the command line (the generated-by header names it). */
  file: string;
  /** The access file's `name`. */
  access: string;
  /** The access file's `account`, when it gives one. */
  account?: string | undefined;
}

export function awsAuthNote(cluster: string): string[] {
  return [
    `aws-auth-merge (cluster ${cluster}): entries to MERGE into the ConfigMap kube-system/aws-auth, NOT a resource.`,
    "aws-auth's mapRoles is one string shared with the nodes and other tools: a resource owning it would overwrite",
    'their entries. `eks-login admin apply` merges these safely (read-modify-write, every other entry kept);',
    "or add them to mapRoles by hand. Switching the cluster's authenticationMode to API_AND_CONFIG_MAP lets the",
    'access file use access entries instead.',
  ];
}
