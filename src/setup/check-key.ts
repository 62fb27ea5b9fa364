// The key check before anything is stored: GetCallerIdentity with the source credentials, then a trial
// AssumeRole of the group's role, as token makes it (for a bound group with SourceIdentity; skipped for MFA
// groups: the code is asked on first use). Failures keep
// their exit code (4 rejected key, 5 denied role, 6 unreachable) and say that nothing was stored.
import { AccessDeniedError, CredentialsError, EksLoginError } from '../kernel/errors.js';
import type { AwsCredentials, CallerIdentity, StsGateway, StsTarget } from '../kernel/ports.js';
import type { BundleGroup } from '../record/bundle-types.js';
import { identityNameFromArn, sanitizeSessionName } from '../credentials/role-session/policy.js';
import { bindsSourceIdentity, boundUserName } from '../credentials/role-session/session-binding.js';

export interface KeyCheck {
  identity: CallerIdentity;
  /** The IAM user name when the identity is an IAM user. */
  userName?: string;
  /** False when no role was tried (MFA groups, sso groups without roleArn). */
  roleTried: boolean;
  /** The groups whose role was assumed on trial, and those skipped because they need MFA. */
  tried: BundleGroup[];
  mfaSkipped: BundleGroup[];
}

/** `role/developers` or `role/eks/admins` from a role ARN. */
const roleResource = (roleArn: string): string => roleArn.split(':').slice(5).join(':');

function explain(error: unknown, what: string, hint: string): never {
  if (!(error instanceof EksLoginError)) throw error;
  const Type = error.constructor as new (message: string, options: object) => EksLoginError;
  throw new Type(`setup stored nothing: ${what}: ${error.message}`, { code: error.code, hint, cause: error });
}

export async function checkKey(
  sts: StsGateway,
  target: StsTarget,
  credentials: AwsCredentials,
  groupOrGroups: BundleGroup | readonly BundleGroup[],
): Promise<KeyCheck> {
  const groups = Array.isArray(groupOrGroups) ? groupOrGroups : [groupOrGroups as BundleGroup];
  let identity: CallerIdentity;
  try {
    identity = await sts.getCallerIdentity(credentials, target);
  } catch (error) {
    const hint =
      error instanceof CredentialsError
        ? 'check the access key id and secret (IAM console → Users → Security credentials), then run setup again'
        : 'check the network and AWS_ENDPOINT_URL_STS, then run setup again';
    explain(
      error,
      `the access key ${credentials.accessKeyId.slice(0, 4)}…${credentials.accessKeyId.slice(-4)} was not accepted`,
      hint,
    );
  }
  const userName = /:user\/(?:.*\/)?([^/]+)$/.exec(identity.arn)?.[1];
  // An sso-only group has no role to try: its permission set answered GetCallerIdentity above.
  const tried = groups.filter((g): g is BundleGroup & { roleArn: string } => !g.mfa && g.roleArn !== undefined);
  const mfaSkipped = groups.filter((g) => g.mfa);
  // A bound group needs an IAM user as the source (MFA groups too, though their role is not tried now): a
  // role session or an sso profile fails here (exit 4), before anything is stored.
  const boundNames = new Map<BundleGroup, string>();
  for (const group of groups.filter((g) => g.roleArn !== undefined && bindsSourceIdentity(g))) {
    try {
      boundNames.set(
        group,
        boundUserName({
          roleArn: group.roleArn!,
          group: group.name,
          sourceArn: identity.arn,
          sourceDescription: identity.arn,
        }),
      );
    } catch (error) {
      explain(
        error,
        `${identity.arn} cannot use group ${group.name}`,
        (error as EksLoginError).hint ?? "use an IAM user's access key",
      );
    }
  }
  for (const group of tried) {
    // A bound group is tried exactly as token will assume it: session name and SourceIdentity = the IAM user name.
    const sourceIdentity = boundNames.get(group);
    try {
      await sts.assumeRole(credentials, target, {
        roleArn: group.roleArn,
        roleSessionName: sourceIdentity ?? sanitizeSessionName(identityNameFromArn(identity.arn) ?? 'eks-login'),
        durationSeconds: 900,
        ...(group.externalId ? { externalId: group.externalId } : {}),
        ...(sourceIdentity ? { sourceIdentity } : {}),
      });
    } catch (error) {
      const hint =
        error instanceof AccessDeniedError
          ? sourceIdentity
            ? `ask your admin to let ${identity.arn} assume ${group.roleArn} as ${sourceIdentity}: the group's policy allows sts:AssumeRole only with the session name ${sourceIdentity} and sts:SetSourceIdentity only with SourceIdentity ${sourceIdentity}, and the trust policy must allow both (\`eks-login admin apply\` writes that); or pick another group with --group`
            : `ask your admin to let ${identity.arn} assume ${group.roleArn} (its trust policy and your sts:AssumeRole permission), or pick another group with --group`
          : 'check the network and AWS_ENDPOINT_URL_STS, then run setup again';
      explain(error, `${identity.arn} cannot assume ${roleResource(group.roleArn)}`, hint);
    }
  }
  return { identity, ...(userName ? { userName } : {}), roleTried: tried.length > 0, tried, mfaSkipped };
}

/** One line for the person: who signed in, which roles were assumed, which wait for MFA. */
export function describeKeyCheck(check: KeyCheck): string {
  const can = check.tried.length ? `, can assume ${check.tried.map((g) => roleResource(g.roleArn!)).join(', ')}` : '';
  const mfa = check.mfaSkipped
    .map((g) => ` (group ${g.name} needs MFA: the role is tried at first use, or run \`eks-login login\`)`)
    .join('');
  return `signed in as ${check.identity.arn}${can}${mfa}`;
}
