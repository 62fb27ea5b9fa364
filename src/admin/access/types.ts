// Access file v1: the admin's source of truth (docs/admin.md). One file declares the
// clusters, the groups (IAM role + members, or an IAM Identity Center permission set) and what each group may
// do in Kubernetes; `eks-login admin plan|apply|bundle` turn it into IAM, EKS access and RBAC objects and the
// developers' Bundle v1. Validation lives in validate.ts; docs/access.schema.json mirrors the structure.

type ClusterMapping = 'access-entries' | 'aws-auth';
export type AccessPolicyName = 'view' | 'edit' | 'admin' | 'cluster-admin';

interface AccessCluster {
  /** EKS cluster name; endpoint and CA come from DescribeCluster. */
  name: string;
  region: string;
  /** Default: access-entries when the cluster's authenticationMode allows the API, else aws-auth. */
  mapping?: ClusterMapping;
}

interface AccessRole {
  name: string;
  /** IAM path, `/` … `/`; default `/`. */
  path?: string;
  /** The role's MaxSessionDuration (3600..43200); default 3600. */
  maxSessionSeconds?: number;
  /** The trust policy requires MFA (aws:MultiFactorAuthPresent). */
  mfa?: boolean;
}

interface AccessSso {
  startUrl: string;
  region: string;
  accountId: string;
  /** The permission set's name (its role is AWSReservedSSO_<roleName>_<hash>). */
  roleName: string;
}

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface AccessKubernetes {
  /** Username template; default `{{SessionName}}`. */
  username?: string;
  rules?: PolicyRule[];
  clusterRole?: string;
  accessPolicy?: AccessPolicyName;
  /** RoleBindings (or a namespace-scoped access policy) in these namespaces instead of cluster-wide. */
  namespaces?: string[];
}

export interface AccessGroup {
  name: string;
  role?: AccessRole;
  /** IAM user names allowed to assume the role (through the IAM group eks-login-<name>). */
  members?: string[];
  sso?: AccessSso;
  /** Subset of cluster names; default: all clusters. */
  clusters?: string[];
  kubernetes: AccessKubernetes;
}

export interface AccessFile {
  apiVersion: 'eks-login/v1';
  kind: 'Access';
  /** The bundle's name; also marks what this file owns. */
  name: string;
  /** Must equal the admin's account (GetCallerIdentity) when given. */
  account?: string;
  clusters: AccessCluster[];
  groups: AccessGroup[];
}

export const DEFAULT_USERNAME = '{{SessionName}}';
export const DEFAULT_ROLE_PATH = '/';
export const DEFAULT_MAX_SESSION_SECONDS = 3600;
