// The identity binding of a group role (bundle `sourceIdentity: true`, written by `admin apply`): its IAM
// group policy allows sts:AssumeRole only when the role session name equals the caller's IAM user name, and
// sts:SetSourceIdentity only when SourceIdentity equals it. The developer side keeps to it: the session is
// named after the IAM user, SourceIdentity carries the same name, and nothing may choose another name.
// Every path that could set a session name (token flags, whoami/doctor, login) asks here. Pure.
import { AccessDeniedError, CredentialsError, isEksLoginError, UsageError } from '../../kernel/errors.js';
import type { BundleGroup } from '../../record/bundle-types.js';
import { identityNameFromArn } from './policy.js';

/** The group's role binds session name and SourceIdentity to the IAM user name. */
export function bindsSourceIdentity(group: Pick<BundleGroup, 'sourceIdentity'> | undefined): boolean {
  return group?.sourceIdentity === true;
}

/** A session name asked for explicitly, and how (for the message), e.g. `--session-name` or `-s`. */
export interface RequestedSessionName {
  name: string;
  via: string;
}

/**
 * Refuses an explicit session name for a group whose role binds the session to the IAM user (exit 2): the
 * role's policy would refuse any other name with AccessDenied, and a name that happens to equal the user's
 * is the one eks-login uses anyway. Call it before any cache or STS is consulted.
 */
export function refuseSessionNameFor(
  group: Pick<BundleGroup, 'name' | 'sourceIdentity'> | undefined,
  requested: RequestedSessionName | undefined,
): void {
  if (!requested || !bindsSourceIdentity(group)) return;
  throw new UsageError(
    `${requested.via} ${requested.name} cannot be used with group ${group!.name}: its role binds the session name to your IAM user name (sourceIdentity in the bundle)`,
    {
      code: 'SESSION_NAME_BOUND',
      hint: `leave out ${requested.via}: eks-login names the session after the IAM user and sends it as SourceIdentity (docs/admin.md, "The identity binding")`,
    },
  );
}

/** STS: RoleSessionName and SourceIdentity are [\w+=,.@-], 2..64 characters. */
const STS_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * The IAM user name a bound group's session must carry, as both RoleSessionName and SourceIdentity. The
 * source must be an IAM user: a role session (role chaining, an AWS profile with role_arn), an IAM Identity
 * Center profile or a federated user has no IAM user name, and STS would refuse every name (exit 4 naming why).
 */
export function boundUserName(input: {
  roleArn: string;
  group?: string | undefined;
  sourceArn?: string | undefined;
  sourceUserName?: string | undefined;
  sourceDescription: string;
}): string {
  const { sourceArn } = input;
  const fail = (why: string, hint: string): never => {
    throw new CredentialsError(
      `cannot assume ${input.roleArn}${input.group ? ` for group ${input.group}` : ''}: its role binds the session to an IAM user name, but ${why}`,
      {
        code: 'SOURCE_IDENTITY_NOT_IAM_USER',
        hint,
      },
    );
  };
  const keyHint =
    "use an IAM user's access key as the source: `eks-login setup <bundle.json>` (stored key) or `--source-profile <profile of an IAM user>`";
  if (sourceArn !== undefined && !/:iam::\d{12}:user\//.test(sourceArn)) {
    const resource = sourceArn.split(':').slice(5).join(':');
    if (/^assumed-role\/AWSReservedSSO_/.test(resource))
      fail(`the source identity ${sourceArn} is an IAM Identity Center (sso) session, not an IAM user`, keyHint);
    if (resource.startsWith('assumed-role/'))
      fail(`the source identity ${sourceArn} is a role session (role chaining), not an IAM user`, keyHint);
    if (resource.startsWith('federated-user/'))
      fail(`the source identity ${sourceArn} is a federated user, not an IAM user`, keyHint);
    fail(`the source identity ${sourceArn} is not an IAM user`, keyHint);
  }
  const name = input.sourceUserName ?? (sourceArn ? identityNameFromArn(sourceArn) : undefined);
  if (name === undefined) return fail(`the IAM user behind ${input.sourceDescription} is unknown`, keyHint);
  if (!STS_NAME.test(name))
    return fail(
      `the IAM user name ${JSON.stringify(name)} is not a valid session name (STS needs 2-64 characters)`,
      'ask the admin for an IAM user with a name of 2 or more characters',
    );
  return name;
}

/**
 * AccessDenied on a bound group's AssumeRole, with the hint that says what the role's policy checks: the
 * session name and SourceIdentity must be the IAM user name (`name`, which was sent), and only members get it.
 * Other errors pass unchanged.
 */
export function explainBoundDenial(error: unknown, roleArn: string, name: string): unknown {
  if (!isEksLoginError(error) || error.sts?.reason !== 'access-denied') return error;
  return new AccessDeniedError(error.message, {
    code: 'ASSUME_ROLE_DENIED_BOUND',
    sts: error.sts,
    cause: error,
    hint: `the role's group policy allows sts:AssumeRole only as your IAM user name (session name and SourceIdentity ${name}, which eks-login sent): ask your admin to add IAM user ${name} to the group's members and run \`eks-login admin apply\`; \`eks-login doctor\` checks ${roleArn} step by step`,
  });
}
