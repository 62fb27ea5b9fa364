// AssumeRole policy for a group role: who the session is named after, how long it lasts, which MFA
// device answers for a stored IAM user key. Pure.
import { DEFAULT_SESSION_DURATION_SECONDS } from '../../record/bundle-types.js';

/** STS RoleSessionName: [\w+=,.@-]{2,64}; other characters become '-'. */
export function sanitizeSessionName(name: string): string {
  const cleaned = name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : 'eks-login';
}

/**
 * The person behind an ARN: the IAM user name of `…:user/[path/]name`, the session name of
 * `…:assumed-role/role/session` (e.g. an SSO user's e-mail), the name of a federated user.
 */
export function identityNameFromArn(arn: string): string | undefined {
  const resource = arn.split(':').slice(5).join(':');
  const parts = resource.split('/');
  if (parts[0] === 'user' && parts.length >= 2) return parts.at(-1);
  if (parts[0] === 'assumed-role' && parts.length >= 3) return parts.at(-1);
  if (parts[0] === 'federated-user' && parts.length >= 2) return parts.at(-1);
  return undefined;
}

/** True when the caller is itself a role session (role chaining caps AssumeRole at 1 hour). */
export function isRoleSessionArn(arn: string | undefined): boolean {
  return arn !== undefined && /:sts::\d{12}:assumed-role\//.test(arn);
}

/**
 * DurationSeconds: the group's sessionDurationSeconds (default 3600). When the source is itself a role
 * session (an assumed-role ARN, or temporary credentials with a session token), at most 3600: STS refuses
 * longer chained sessions.
 */
export function sessionDurationSeconds(groupSeconds: number | undefined, sourceIsRoleSession: boolean): number {
  const wanted = groupSeconds ?? DEFAULT_SESSION_DURATION_SECONDS;
  return sourceIsRoleSession ? Math.min(wanted, 3600) : wanted;
}

/**
 * The virtual MFA device of an IAM user, as AWS names it by default: `arn:<partition>:iam::<account>:mfa/<user name>`.
 * Undefined when the ARN is not an IAM user's.
 */
export function defaultMfaSerial(userArn: string): string | undefined {
  const [prefix, partition, service, , account] = userArn.split(':');
  const name = identityNameFromArn(userArn);
  if (prefix !== 'arn' || service !== 'iam' || !userArn.includes(':user/') || !name) return undefined;
  return `arn:${partition}:iam::${account}:mfa/${name}`;
}
