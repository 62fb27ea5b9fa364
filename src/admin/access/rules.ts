// The formats an access file's fields must have, with the words used in messages. Sources: IAM (role, user
// and group names [\w+=,.@-], paths, MaxSessionDuration 3600..43200), EKS access entries (reserved username
// prefixes), Kubernetes (namespace names are DNS labels; RBAC verbs).

export const ACCESS_API_VERSION = 'eks-login/v1';
export const ACCESS_KIND = 'Access';

export const ROOT_FIELDS = ['$schema', 'apiVersion', 'kind', 'name', 'account', 'clusters', 'groups'] as const;
export const CLUSTER_FIELDS = ['name', 'region', 'mapping'] as const;
export const GROUP_FIELDS = ['name', 'role', 'members', 'sso', 'clusters', 'kubernetes'] as const;
export const ROLE_FIELDS = ['name', 'path', 'maxSessionSeconds', 'mfa'] as const;
export const SSO_FIELDS = ['startUrl', 'region', 'accountId', 'roleName'] as const;
export const KUBERNETES_FIELDS = ['username', 'rules', 'clusterRole', 'accessPolicy', 'namespaces'] as const;
export const RULE_FIELDS = ['apiGroups', 'resources', 'verbs', 'resourceNames', 'nonResourceURLs'] as const;

export const MAPPINGS = ['access-entries', 'aws-auth'] as const;
export const ACCESS_POLICIES = ['view', 'edit', 'admin', 'cluster-admin'] as const;

export const ACCOUNT = { pattern: /^\d{12}$/, expectation: 'a 12-digit AWS account id in quotes, e.g. "123456789012"' };
/** Group names become the IAM group eks-login-<name>, the Kubernetes group eks-login:<name> and label values. */
export const ACCESS_GROUP_NAME = {
  pattern: /^[a-z0-9][a-z0-9-]{0,46}$/,
  expectation:
    '1-47 characters of a-z, 0-9 and -, not starting with - (it names the IAM group eks-login-<name> and the Kubernetes group eks-login:<name>)',
};
export const IAM_NAME = { pattern: /^[\w+=,.@-]{1,64}$/, expectation: 'an IAM name: 1-64 letters, digits and +=,.@-_' };
export const IAM_PATH = {
  pattern: /^\/(?:[\x21-\x7e]+\/)?$/,
  expectation: 'an IAM path: "/" or "/a/b/" (printable ASCII, starting and ending with /)',
};
export const MIN_ROLE_SESSION = 3600;
export const MAX_ROLE_SESSION = 43200;
export const NAMESPACE = {
  pattern: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
  expectation: 'a Kubernetes namespace name (a DNS label: a-z, 0-9, -, at most 63)',
};
export const CLUSTER_ROLE_NAME = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9:._-]{0,252}$/,
  expectation: 'the name of an existing ClusterRole, e.g. view',
};
export const SSO_START_URL = {
  pattern: /^https:\/\/[^\s/]+(?:\/[^\s]*)?$/,
  expectation: 'the https start URL of IAM Identity Center, e.g. https://acme.awsapps.com/start',
};
export const PERMISSION_SET = {
  pattern: /^[\w+=,.@-]{1,32}$/,
  expectation: 'a permission set name: 1-32 letters, digits and +=,.@-_',
};
/** EKS refuses access-entry usernames with these prefixes; Kubernetes reserves system:. */
export const RESERVED_USERNAME_PREFIXES = ['system:', 'eks:', 'aws:', 'amazon:', 'iam:'] as const;
export const USERNAME_PLACEHOLDERS = [
  '{{SessionName}}',
  '{{SessionNameRaw}}',
  '{{AccountID}}',
  '{{AccessKeyID}}',
] as const;
