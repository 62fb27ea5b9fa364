// Who an AWS identity is inside the cluster: the cluster's admins (its creator), then EKS access entries
// (unless authenticationMode is CONFIG_MAP), then the aws-auth ConfigMap (unless it is API: mapRoles,
// mapUsers, mapAccounts) with aws-iam-authenticator's templates.
// aws-auth matches the canonical ARN case-insensitively, so a rolearn with a path never matches an
// assumed role (STS drops the path); an access entry's role ARN may have one.
import type { AccessEntry, WorldCluster } from '../world-types.js';
import type { VerifiedIdentity } from './token-verifier.js';

export interface KubeUser {
  username: string;
  uid: string;
  groups: string[];
  extra: Record<string, string[]>;
  /** The access entry that mapped this user, for access-policy authorization. */
  accessEntry?: AccessEntry;
  /** How the mapping was found, for the decision log. */
  via: string;
}

export function mapIdentity(cluster: WorldCluster, id: VerifiedIdentity): KubeUser | undefined {
  const arn = id.canonicalArn.toLowerCase();
  const fill = (template: string): string =>
    template
      .replaceAll('{{AccountID}}', id.account)
      .replaceAll('{{SessionName}}', id.sessionName.replaceAll('@', '-'))
      .replaceAll('{{SessionNameRaw}}', id.sessionName)
      .replaceAll('{{AccessKeyID}}', id.accessKeyId);
  const user = (username: string, groups: string[], via: string, accessEntry?: AccessEntry): KubeUser => ({
    username: fill(username),
    uid: `aws-iam-authenticator:${id.account}:${id.userId}`,
    groups: [...groups.map(fill), 'system:authenticated'],
    extra: {
      arn: [id.arn],
      canonicalArn: [id.canonicalArn],
      sessionName: [id.sessionName],
      accessKeyId: [id.accessKeyId],
      principalId: [id.userId],
      'sigs.k8s.io/aws-iam-authenticator/principalId': [id.userId],
    },
    ...(accessEntry ? { accessEntry } : {}),
    via,
  });

  // EKS keys an access entry on the principal itself (its unique id), so a role ARN there may carry an IAM
  // path, unlike aws-auth. Role names are unique in an account, so dropping the path compares the same role.
  if ((cluster.admins ?? []).some((a) => a.toLowerCase() === arn))
    return user(
      'kubernetes-admin',
      ['system:masters'],
      'cluster admin (creator, like bootstrapClusterCreatorAdminPermissions)',
    );
  const useEntries = cluster.authenticationMode !== 'CONFIG_MAP';
  const useAwsAuth = cluster.authenticationMode !== 'API';
  const entry = !useEntries
    ? undefined
    : cluster.accessEntries.find((e) => withoutRolePath(e.principalArn.toLowerCase()) === arn);
  if (entry) {
    const isRole = /:role\//.test(id.canonicalArn);
    const fallback = isRole
      ? `arn:aws:sts::{{AccountID}}:assumed-role/${id.canonicalArn.split('/').pop()}/{{SessionName}}`
      : id.canonicalArn;
    return user(entry.username ?? fallback, entry.kubernetesGroups, `access entry ${entry.principalArn}`, entry);
  }
  if (!useAwsAuth) return undefined;
  const role = cluster.awsAuth.mapRoles.find((m) => m.rolearn?.toLowerCase() === arn);
  if (role) return user(role.username ?? id.canonicalArn, role.groups ?? [], `aws-auth mapRoles ${role.rolearn}`);
  const mapped = cluster.awsAuth.mapUsers.find((m) => m.userarn?.toLowerCase() === arn);
  if (mapped)
    return user(mapped.username ?? id.canonicalArn, mapped.groups ?? [], `aws-auth mapUsers ${mapped.userarn}`);
  if (cluster.awsAuth.mapAccounts.includes(id.account))
    return user(id.canonicalArn, [], `aws-auth mapAccounts ${id.account}`);
  return undefined;
}

/** `arn:…:role/a/b/name` → `arn:…:role/name`; any other ARN unchanged. */
function withoutRolePath(arn: string): string {
  return arn.replace(/^(arn:[^:]+:iam::\d{12}:role\/)(?:[^/]+\/)+([^/]+)$/, '$1$2');
}
