// Bundle v1: the admin-shared JSON (docs/bundle.md). Validation lives in bundle/validate.ts.

export interface BundleCluster {
  /** EKS cluster name; also the x-k8s-aws-id unless clusterId is set. */
  name: string;
  region: string;
  /** https URL of the API server. */
  endpoint: string;
  /** base64 of the PEM CA certificate(s). */
  certificateAuthorityData: string;
  /** x-k8s-aws-id when it is not the name (EKS local clusters on Outposts). */
  clusterId?: string;
}

/** IAM Identity Center sign-in of a group: the permission set `roleName` in `accountId` (docs/sso.md). */
export interface BundleSso {
  /** The AWS access portal URL, e.g. https://acme.awsapps.com/start */
  startUrl: string;
  /** The region of the IAM Identity Center instance. */
  region: string;
  accountId: string;
  /** The permission set's name (GetRoleCredentials roleName). */
  roleName: string;
}

/** A group has roleArn, sso, or both (sso signs in, then roleArn is assumed with the permission set's credentials). */
export interface BundleGroup {
  name: string;
  roleArn?: string;
  sso?: BundleSso;
  /** 900..43200; default 3600. */
  sessionDurationSeconds?: number;
  mfa?: boolean;
  externalId?: string;
  /**
   * The role binds the session name and SourceIdentity to the IAM user name (admin apply's group policy): every
   * AssumeRole sends SourceIdentity=<IAM user name> and no other session name is accepted (docs/admin.md,
   * "The identity binding"). Absent or false: no SourceIdentity is sent.
   */
  sourceIdentity?: boolean;
  /** Subset of cluster names; default: all clusters. */
  clusters?: string[];
}

export interface Bundle {
  apiVersion: 'eks-login/v1';
  kind: 'Bundle';
  /** [a-z0-9-], 1..63 */
  name: string;
  clusters: BundleCluster[];
  groups: BundleGroup[];
  /** Default `{group}@{cluster}`. */
  contextNameTemplate?: string;
}

export const DEFAULT_CONTEXT_NAME_TEMPLATE = '{group}@{cluster}';
export const DEFAULT_SESSION_DURATION_SECONDS = 3600;
