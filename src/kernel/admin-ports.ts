// What the admin use cases need from the outside world: IAM, the EKS control plane and each cluster's
// Kubernetes API. Adapters (src/admin/) implement them over @aws-sdk/client-iam, @aws-sdk/client-eks
// and the cluster's HTTPS API; tests give in-memory or sandbox-backed ones.

export type PolicyDocument = Record<string, unknown>;

/** An IAM role as eks-login reads it (IamPort.getRole) and as an access file asks for it (admin/desired.ts). */
export interface IamRole {
  name: string;
  path: string;
  arn: string;
  trustPolicy: PolicyDocument;
  maxSessionDuration: number;
  tags: Record<string, string>;
}

/** A role to create: everything but its ARN, which IAM gives it. */
export type NewRole = Omit<IamRole, 'arn'>;

export interface ObservedIamGroup {
  name: string;
  path: string;
  members: string[];
  /** Inline policies by name (parsed). */
  policies: Record<string, PolicyDocument>;
}

export interface IamPort {
  getRole(name: string): Promise<IamRole | undefined>;
  getGroup(name: string): Promise<ObservedIamGroup | undefined>;
  /** Names of the groups whose path starts with `pathPrefix`. */
  listGroupNames(pathPrefix: string): Promise<string[]>;
  userExists(name: string): Promise<boolean>;
  /** The IAM Identity Center role of a permission set: AWSReservedSSO_<permissionSet>_<hash>. */
  findSsoRole(permissionSet: string): Promise<{ name: string; arn: string } | undefined>;

  createRole(input: NewRole): Promise<void>;
  updateTrustPolicy(name: string, document: PolicyDocument): Promise<void>;
  updateMaxSession(name: string, seconds: number): Promise<void>;
  deleteRole(name: string): Promise<void>;
  createGroup(name: string, path: string): Promise<void>;
  putGroupPolicy(group: string, policyName: string, document: PolicyDocument): Promise<void>;
  addUserToGroup(group: string, user: string): Promise<void>;
  removeUserFromGroup(group: string, user: string): Promise<void>;
  deleteGroupPolicy(group: string, policyName: string): Promise<void>;
  deleteGroup(name: string): Promise<void>;
}

export type AuthenticationMode = 'CONFIG_MAP' | 'API_AND_CONFIG_MAP' | 'API';

export interface ClusterDescription {
  name: string;
  endpoint: string;
  /** base64 of the PEM CA, as DescribeCluster returns it. */
  certificateAuthorityData: string;
  authenticationMode: AuthenticationMode;
}

export interface AccessScope {
  type: 'cluster' | 'namespace';
  namespaces?: string[];
}

export interface ObservedAccessEntry {
  principalArn: string;
  username?: string;
  kubernetesGroups: string[];
  tags: Record<string, string>;
  policies: Array<{ policyArn: string; accessScope: AccessScope }>;
}

export interface EksPort {
  describeCluster(cluster: string, region: string): Promise<ClusterDescription>;
  listAccessEntries(cluster: string, region: string): Promise<string[]>;
  describeAccessEntry(cluster: string, region: string, principalArn: string): Promise<ObservedAccessEntry | undefined>;
  createAccessEntry(
    cluster: string,
    region: string,
    entry: { principalArn: string; username: string; kubernetesGroups: string[]; tags: Record<string, string> },
  ): Promise<void>;
  updateAccessEntry(
    cluster: string,
    region: string,
    entry: { principalArn: string; username: string; kubernetesGroups: string[] },
  ): Promise<void>;
  deleteAccessEntry(cluster: string, region: string, principalArn: string): Promise<void>;
  associateAccessPolicy(
    cluster: string,
    region: string,
    principalArn: string,
    policyArn: string,
    scope: AccessScope,
  ): Promise<void>;
  disassociateAccessPolicy(cluster: string, region: string, principalArn: string, policyArn: string): Promise<void>;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export type RbacKind = 'ClusterRole' | 'ClusterRoleBinding' | 'RoleBinding';

/** One cluster's Kubernetes API, authenticated as the admin. */
export interface KubePort {
  get(kind: RbacKind | 'ConfigMap', name: string, namespace?: string): Promise<KubeObject | undefined>;
  /** Objects of `kind` (all namespaces) carrying every label of `labels`. */
  list(kind: RbacKind, labels: Record<string, string>): Promise<KubeObject[]>;
  /** Server-side apply (fieldManager eks-login). */
  apply(object: KubeObject): Promise<void>;
  delete(kind: RbacKind, name: string, namespace?: string): Promise<void>;
  /** Create or replace a ConfigMap; a replace carries metadata.resourceVersion. False on a 409 conflict. */
  writeConfigMap(object: KubeObject, create: boolean): Promise<boolean>;
}

/** YAML text ⇄ values (aws-auth keeps mapRoles as YAML inside the ConfigMap). */
export interface YamlCodec {
  parse(text: string): unknown;
  dump(value: unknown): string;
}
