// The names, marks and policy documents eks-login gives what it creates for an access file (docs/admin.md,
// "What apply creates"): one place, so plan, apply, prune, bundle and export agree.
import type { AccessGroup, AccessPolicyName } from './access/types.js';
import { DEFAULT_MAX_SESSION_SECONDS, DEFAULT_ROLE_PATH } from './access/types.js';

/** Tag key (IAM, EKS) and label key (Kubernetes) that marks an object as eks-login's. */
export const MANAGED_BY_KEY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'eks-login';
/** Tag/label naming the access file (its `name`) that owns the object; prune only touches its own. */
export const ACCESS_KEY = 'eks-login/access';
/** Tag/label naming the group the object is for. */
const GROUP_KEY = 'eks-login/group';
export const GROUP_POLICY_NAME = 'eks-login-assume-role';

export const iamGroupName = (group: string): string => `eks-login-${group}`;
/** IAM groups cannot be tagged: their path marks them (and lets prune list exactly its own). */
export const iamGroupPath = (access: string): string => `/eks-login/${access}/`;
export const kubeGroup = (group: string): string => `eks-login:${group}`;
export const rbacName = (group: string): string => `eks-login:${group}`;

export function marks(access: string, group: string): Record<string, string> {
  return { [MANAGED_BY_KEY]: MANAGED_BY, [ACCESS_KEY]: access, [GROUP_KEY]: group };
}

export interface Identity {
  account: string;
  partition: string;
  arn: string;
}

export function roleArn(id: Identity, group: AccessGroup): string {
  const role = group.role!;
  return `arn:${id.partition}:iam::${id.account}:role${role.path ?? DEFAULT_ROLE_PATH}${role.name}`;
}

/**
 * aws-auth compares the canonical (path-less) role ARN the authenticator derives from the session. The account
 * is not checked for digits: `admin export` passes ARNs whose account is a placeholder.
 */
export function pathlessRoleArn(arn: string): string {
  return arn.replace(/^(arn:[^:]+:iam::[^:/]+:role\/)(?:[^/]+\/)+([^/]+)$/, '$1$2');
}

export function maxSession(group: AccessGroup): number {
  return group.role?.maxSessionSeconds ?? DEFAULT_MAX_SESSION_SECONDS;
}

const POLICY_NAMES: Record<AccessPolicyName, string> = {
  view: 'AmazonEKSViewPolicy',
  edit: 'AmazonEKSEditPolicy',
  admin: 'AmazonEKSAdminPolicy',
  'cluster-admin': 'AmazonEKSClusterAdminPolicy',
};
export function accessPolicyArn(partition: string, name: AccessPolicyName): string {
  return `arn:${partition}:eks::aws:cluster-access-policy/${POLICY_NAMES[name]}`;
}

/**
 * The role's trust policy: the account may assume the role and set a source identity on the session
 * (sts:SetSourceIdentity); which principals of the account actually may, and under which names, the IAM
 * group's policy says (groupPolicy). With `mfa: true` both need MFA.
 */
export function trustPolicy(id: Identity, group: AccessGroup): Record<string, unknown> {
  const statement: Record<string, unknown> = {
    Sid: 'EksLoginAssumeRole',
    Effect: 'Allow',
    Principal: { AWS: `arn:${id.partition}:iam::${id.account}:root` },
    Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
  };
  if (group.role?.mfa) statement.Condition = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
  return { Version: '2012-10-17', Statement: [statement] };
}

/** The IAM policy variable of the caller's IAM user name (absent for role sessions and federated users). */
const USERNAME_VARIABLE = '${aws:username}';

/**
 * The IAM group's inline policy: its members may assume the group's role only as themselves. The role
 * session name must equal the member's IAM user name (so Kubernetes' {{SessionName}}, the audit log and
 * CloudTrail name the person), and a SourceIdentity, when set, must equal it too (CloudTrail keeps it across
 * role chaining). docs/admin.md, "The identity binding", says what this guarantees and what it cannot.
 */
export function groupPolicy(arn: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EksLoginAssumeRole',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: arn,
        Condition: { StringEquals: { 'sts:RoleSessionName': USERNAME_VARIABLE } },
      },
      {
        Sid: 'EksLoginSetSourceIdentity',
        Effect: 'Allow',
        Action: 'sts:SetSourceIdentity',
        Resource: arn,
        Condition: { StringEquals: { 'sts:SourceIdentity': USERNAME_VARIABLE } },
      },
    ],
  };
}

type Statement = Record<string, unknown>;
const statementsOf = (doc: unknown): Statement[] =>
  ([] as unknown[]).concat((doc as { Statement?: unknown } | undefined)?.Statement ?? []) as Statement[];
const allows = (st: Statement, action: string): boolean =>
  st.Effect === 'Allow' && ([] as unknown[]).concat(st.Action ?? []).some((a) => String(a).toLowerCase() === action);
const boundToUser = (st: Statement, key: string): boolean =>
  Object.entries((st.Condition as Record<string, Record<string, unknown>> | undefined)?.StringEquals ?? {}).some(
    ([k, v]) => k.toLowerCase() === key && ([] as unknown[]).concat(v).every((x) => x === USERNAME_VARIABLE),
  );

/**
 * Whether an IAM group policy (as IAM holds it) binds its members to their own name: every statement that
 * allows sts:AssumeRole requires sts:RoleSessionName = ${aws:username}, and sts:SetSourceIdentity is allowed
 * only with sts:SourceIdentity = ${aws:username}. A group made by an older eks-login has no such conditions.
 */
export function groupPolicyBindsUser(doc: unknown): boolean {
  const statements = statementsOf(doc);
  const assume = statements.filter((st) => allows(st, 'sts:assumerole'));
  const setSource = statements.filter((st) => allows(st, 'sts:setsourceidentity'));
  return (
    assume.length > 0 &&
    assume.every((st) => boundToUser(st, 'sts:rolesessionname')) &&
    setSource.length > 0 &&
    setSource.every((st) => boundToUser(st, 'sts:sourceidentity'))
  );
}

/** Whether a trust policy lets callers set a source identity (sts:SetSourceIdentity); an older eks-login's did not. */
export function trustAllowsSourceIdentity(doc: unknown): boolean {
  return statementsOf(doc).some((st) => allows(st, 'sts:setsourceidentity'));
}

/**
 * The username an access entry gets. EKS requires a colon before {{SessionName}} in access-entry usernames,
 * so a template without one (the default `{{SessionName}}`) is prefixed with `eks-login:` there; aws-auth
 * takes the template as written. RBAC binds the group eks-login:<name>, never the username.
 */
export function entryUsername(template: string, mode: 'access-entries' | 'aws-auth'): string {
  if (mode === 'aws-auth') return template;
  const at = template.search(/\{\{SessionName(?:Raw)?\}\}/);
  if (at < 0 || template.slice(0, at).includes(':')) return template;
  return `eks-login:${template}`;
}
