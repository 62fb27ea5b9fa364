// The world a sandbox emulates: one AWS account (IAM users, roles, policies) and its EKS clusters.
// world-load.ts reads it from YAML (docs/sandbox.md documents the format) and fills in defaults.

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Principal?: '*' | { AWS?: string | string[] };
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

interface AccessKey {
  id: string;
  secret: string;
  status: 'Active' | 'Inactive';
}

export interface WorldUser {
  name: string;
  arn: string;
  /** AIDA… unique id. */
  id: string;
  accessKeys: AccessKey[];
  policies: PolicyDocument[];
  /** Base32 TOTP secret of the user's virtual MFA device (arn:aws:iam::<account>:mfa/<name>). */
  mfaSecret?: string;
  mfaSerial?: string;
}

export interface WorldRole {
  name: string;
  path: string;
  arn: string;
  /** AROA… unique id. */
  id: string;
  maxSessionDuration: number;
  trustPolicy: PolicyDocument;
  policies: PolicyDocument[];
  tags?: Record<string, string>;
}

/** An IAM group made through the sandbox's IAM API: its inline policies count for its members. */
export interface IamGroup {
  name: string;
  path: string;
  id: string;
  arn: string;
  members: string[];
  policies: Record<string, PolicyDocument>;
}

interface AwsAuthMapping {
  rolearn?: string;
  userarn?: string;
  username?: string;
  groups?: string[];
}

export interface AwsAuth {
  mapRoles: AwsAuthMapping[];
  mapUsers: AwsAuthMapping[];
  mapAccounts: string[];
}

export type AccessPolicyName =
  'AmazonEKSClusterAdminPolicy' | 'AmazonEKSAdminPolicy' | 'AmazonEKSEditPolicy' | 'AmazonEKSViewPolicy';

export interface AccessEntry {
  principalArn: string;
  username?: string;
  kubernetesGroups: string[];
  accessPolicies: Array<{ policy: AccessPolicyName; namespaces?: string[] }>;
  /** EKS resource tags (CreateAccessEntry tags). */
  tags?: Record<string, string>;
}

/** EKS accessConfig.authenticationMode: which of access entries and aws-auth the cluster reads. */
type AuthenticationMode = 'CONFIG_MAP' | 'API_AND_CONFIG_MAP' | 'API';

/** A Kubernetes object as parsed from YAML/JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface WorldPod {
  name: string;
  namespace: string;
  image: string;
  log: string;
}

export interface WorldCluster {
  name: string;
  region: string;
  /** x-k8s-aws-id when it is not the name. */
  clusterId?: string;
  /** false: POST .../authentication.k8s.io/v1/selfsubjectreviews answers 404 (an older API server). */
  selfSubjectReviewV1: boolean;
  awsAuth: AwsAuth;
  accessEntries: AccessEntry[];
  /** Default API_AND_CONFIG_MAP (access entries first, then aws-auth). */
  authenticationMode: AuthenticationMode;
  /**
   * Principals with cluster-admin rights that no access entry or aws-auth entry shows, like the cluster
   * creator in EKS (bootstrapClusterCreatorAdminPermissions): Kubernetes user kubernetes-admin in system:masters.
   */
  admins: string[];
  /** RBAC objects (ClusterRole, Role, ClusterRoleBinding, RoleBinding) and namespaces. */
  manifests: KubeObject[];
  pods: WorldPod[];
}

interface WorldGroup {
  name: string;
  /** A world role to assume (after the sign-in when `sso` is set too). */
  role?: string;
  /** The permission set the group signs in to with IAM Identity Center. */
  sso?: string;
  mfa?: boolean;
  sessionDurationSeconds?: number;
  externalId?: string;
  clusters?: string[];
}

/** An IAM Identity Center permission set: provisioned in the account as role `roleName` under PERMISSION_SET_PATH. */
interface WorldPermissionSet {
  name: string;
  /** The world role (AWSReservedSSO_<name>_<suffix>) GetRoleCredentials issues sessions of. */
  role: string;
  sessionDurationSeconds: number;
}

export interface WorldSsoUser {
  /** The user name IAM Identity Center gives (the role session name). */
  name: string;
  permissionSets: string[];
}

/** IAM Identity Center: the access portal and its OIDC service (packages/sandbox/src/sso). */
export interface WorldSso {
  startUrl: string;
  region: string;
  /** The first user is the one "signed in in the browser" when the authorize page or device page is opened. */
  users: WorldSsoUser[];
  permissionSets: WorldPermissionSet[];
  /** Lifetime of an access token (default 3600 s; refresh tokens last 90 days). */
  accessTokenSeconds: number;
  /** StartDeviceAuthorization's polling interval (default 1 s, as AWS answers). */
  deviceIntervalSeconds: number;
}

export const PERMISSION_SET_PATH = '/aws-reserved/sso.amazonaws.com/';

export interface World {
  sso?: WorldSso;
  account: string;
  bundleName: string;
  groups: WorldGroup[];
  users: WorldUser[];
  roles: WorldRole[];
  clusters: WorldCluster[];
  /** IAM groups (made through the sandbox's IAM API). */
  iamGroups?: IamGroup[];
}
