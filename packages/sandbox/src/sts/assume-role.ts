// sts:AssumeRole as STS decides it: parameter validation, the caller's identity policy, the role's trust
// policy (with MFA, external-id, session-name and source-identity conditions; policy variables such as
// ${aws:username}), sts:SetSourceIdentity when SourceIdentity is passed (again identity AND trust policy),
// a source identity that role chaining carries on and never changes, DurationSeconds bounds
// (900..MaxSessionDuration, 1 h when chaining), a real TOTP check of SerialNumber/TokenCode, then fresh
// temporary credentials.
import { evaluate, namesPrincipalExplicitly } from '../iam-policy.js';
import { awsId, secretKey, sessionToken } from '../ids.js';
import type { IssuedSession, Principal, SandboxState } from '../state.js';
import { verifyTotp } from '../totp.js';
import { StsFault } from './fault.js';

const CHAINED_MAX_SECONDS = 3600;

export function assumeRole(state: SandboxState, caller: Principal, params: URLSearchParams): Record<string, unknown> {
  const { world, clock } = state;
  const roleArn = params.get('RoleArn') ?? '';
  const sessionName = params.get('RoleSessionName') ?? '';
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    throw validation(
      `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and length 2..64`,
    );
  }
  if (!/^arn:aws:iam::\d{12}:role\/.+/.test(roleArn)) throw validation(`${roleArn} is invalid`);
  const requestedSourceIdentity = params.get('SourceIdentity') ?? undefined;
  if (requestedSourceIdentity !== undefined && !/^[\w+=,.@-]{2,64}$/.test(requestedSourceIdentity)) {
    throw validation(
      `Value '${requestedSourceIdentity}' at 'sourceIdentity' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and length 2..64`,
    );
  }
  if (requestedSourceIdentity?.toLowerCase().startsWith('aws:'))
    throw validation('SourceIdentity must not begin with the prefix aws:.');
  const durationText = params.get('DurationSeconds');
  const duration = durationText === null ? 3600 : Number(durationText);
  if (!Number.isInteger(duration) || duration < 900) {
    throw validation(
      `Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
    );
  }

  const denied = (why: string, action = 'sts:AssumeRole'): StsFault =>
    new StsFault(
      403,
      'AccessDenied',
      `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${roleArn}`,
      'Sender',
      why,
    );
  // Once set, a source identity stays with every session chained from it and cannot be changed (IAM User Guide,
  // "Monitor and control actions taken with assumed roles").
  const inherited = caller.kind === 'session' ? caller.session.sourceIdentity : undefined;
  if (inherited !== undefined && requestedSourceIdentity !== undefined && requestedSourceIdentity !== inherited) {
    throw denied(
      `the caller's source identity ${inherited} cannot be changed to ${requestedSourceIdentity}`,
      'sts:SetSourceIdentity',
    );
  }
  const sourceIdentity = requestedSourceIdentity ?? inherited;

  const now = clock.now();
  const mfa = checkMfa(caller, params, now);
  if (mfa.error) throw new StsFault(403, 'AccessDenied', mfa.error);
  const mfaPresent = caller.mfaPresent || mfa.present;
  // The request context: aws:username exists only for an IAM user (a role session has none, so a condition on
  // ${aws:username} never holds for it); aws:SourceIdentity is the caller's own, sts:SourceIdentity the new session's.
  const context = {
    'aws:MultiFactorAuthPresent': String(mfaPresent),
    'aws:PrincipalArn': caller.kind === 'user' ? caller.arn : caller.session.role.arn,
    'aws:PrincipalAccount': world.account,
    'aws:PrincipalType': caller.kind === 'user' ? 'User' : 'AssumedRole',
    'aws:userid': caller.userId,
    'aws:username': caller.kind === 'user' ? caller.user.name : undefined,
    'aws:SourceIdentity': inherited,
    'sts:ExternalId': params.get('ExternalId') ?? undefined,
    'sts:RoleSessionName': sessionName,
    'sts:SourceIdentity': sourceIdentity,
  };
  const named = `sts:RoleSessionName=${sessionName}${caller.kind === 'user' ? `, aws:username=${caller.user.name}` : ', no aws:username (a role session)'}`;

  // A user's identity policies: its own and those of the IAM groups it is in (sandbox IAM API).
  const groupPolicies =
    caller.kind === 'user'
      ? (world.iamGroups ?? [])
          .filter((g) => g.members.includes(caller.user.name))
          .flatMap((g) => Object.values(g.policies))
      : [];
  const identityPolicies =
    caller.kind === 'user' ? [...caller.user.policies, ...groupPolicies] : caller.session.role.policies;
  const role = world.roles.find((r) => r.arn === roleArn);
  if (!role) throw denied('no such role in the account');
  // A trust policy may name a role (its ARN, path included) to admit that role's sessions, as IAM does; naming
  // the role (not the session) still needs the caller's identity policy, hence namesPrincipalExplicitly below.
  const principal = {
    principal: caller.arn,
    principalAccount: caller.account,
    ...(caller.kind === 'session' ? { principalRole: caller.session.role.arn } : {}),
  };
  const trustOnly = namesPrincipalExplicitly([role.trustPolicy], caller.arn);
  // Each action the request performs needs the trust policy AND (unless the trust policy names the caller
  // itself) an identity policy; an explicit Deny in either wins.
  const authorize = (action: string, conditions: string, checked: string): void => {
    const identity = evaluate(identityPolicies, { action, resource: roleArn, context });
    const trust = evaluate([role.trustPolicy], { action, ...principal, context });
    const what = action === 'sts:AssumeRole' ? '' : ` ${action}`;
    if (identity === 'deny')
      throw denied(`explicitly denied${what} by an identity policy (${conditions}); ${checked}`, action);
    if (trust === 'deny')
      throw denied(`explicitly denied${what} by the trust policy (${conditions}); ${checked}`, action);
    if (trust !== 'allow')
      throw denied(`the trust policy does not allow${what} this caller (${conditions}); ${checked}`, action);
    if (identity !== 'allow' && !trustOnly)
      throw denied(`no identity policy allows ${action} on this role (${conditions}); ${checked}`, action);
  };
  const mfaAndExternalId = `aws:MultiFactorAuthPresent=${mfaPresent}, sts:ExternalId ${context['sts:ExternalId'] === undefined ? 'absent' : 'given'}`;
  authorize('sts:AssumeRole', mfaAndExternalId, named);
  if (requestedSourceIdentity !== undefined)
    authorize(
      'sts:SetSourceIdentity',
      mfaAndExternalId,
      `sts:SourceIdentity=${requestedSourceIdentity}${caller.kind === 'user' ? `, aws:username=${caller.user.name}` : ''}`,
    );

  const chained = caller.kind === 'session';
  if (chained && duration > CHAINED_MAX_SECONDS)
    throw validation(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  if (duration > role.maxSessionDuration)
    throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');

  const session: IssuedSession = {
    accessKeyId: awsId('ASIA'),
    secretAccessKey: secretKey(),
    sessionToken: sessionToken(),
    expiration: new Date(Math.floor(now.getTime() / 1000) * 1000 + duration * 1000),
    role,
    sessionName,
    mfaPresent,
  };
  if (sourceIdentity !== undefined) session.sourceIdentity = sourceIdentity;
  state.sessions.set(session.accessKeyId, session);
  state.decide(
    'sts',
    true,
    `AssumeRole ${caller.arn} -> ${roleArn} (session ${sessionName}${sourceIdentity !== undefined ? `, source identity ${sourceIdentity}` : ''}, ${duration} s${mfaPresent ? ', MFA' : ''}${chained ? ', chained' : ''})`,
  );
  return {
    ...(session.sourceIdentity ? { SourceIdentity: session.sourceIdentity } : {}),
    AssumedRoleUser: {
      AssumedRoleId: `${role.id}:${sessionName}`,
      Arn: `arn:aws:sts::${world.account}:assumed-role/${role.name}/${sessionName}`,
    },
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: session.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    PackedPolicySize: undefined,
  };
}

function checkMfa(caller: Principal, params: URLSearchParams, now: Date): { present: boolean; error?: string } {
  const serial = params.get('SerialNumber');
  const code = params.get('TokenCode');
  if (serial === null && code === null) return { present: false };
  if (serial === null || code === null)
    return {
      present: false,
      error: 'MultiFactorAuthentication failed: SerialNumber and TokenCode must be given together.',
    };
  const user = caller.kind === 'user' ? caller.user : undefined;
  if (!user?.mfaSecret || user.mfaSerial !== serial)
    return {
      present: false,
      error: `MultiFactorAuthentication failed, unable to validate MFA code: ${serial} is not an MFA device of ${caller.arn}.`,
    };
  if (!verifyTotp(user.mfaSecret, code, now))
    return { present: false, error: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ' };
  return { present: true };
}

function validation(message: string): StsFault {
  return new StsFault(400, 'ValidationError', message);
}
