// IAM/STS ARN helpers for diagnostics: account, role name, the path-less role ARN that aws-auth needs. Pure.

export interface RoleRef {
  partition: string;
  account: string;
  roleName: string;
  /** The session name when the ARN was an assumed-role ARN. */
  sessionName?: string;
}

/** Parses `arn:<p>:iam::<acct>:role/[path/]<name>` or `arn:<p>:sts::<acct>:assumed-role/<name>/<session>`. */
export function parseRoleArn(arn: string): RoleRef | null {
  const iam = /^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  if (iam) return { partition: iam[1]!, account: iam[2]!, roleName: iam[3]! };
  const sts = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/(.+)$/.exec(arn);
  if (sts) return { partition: sts[1]!, account: sts[2]!, roleName: sts[3]!, sessionName: sts[4]! };
  return null;
}

/** The role ARN without its path, as aws-auth mapRoles matches it. */
export function pathlessRoleArn(ref: RoleRef): string {
  return `arn:${ref.partition}:iam::${ref.account}:role/${ref.roleName}`;
}

/** The account id of any IAM/STS ARN, or null. */
export function arnAccount(arn: string): string | null {
  return /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1] ?? null;
}
