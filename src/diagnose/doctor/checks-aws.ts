// Doctor checks against STS: the source key, the clock against STS's Date header, AssumeRole (as token makes
// it, with SourceIdentity for a bound group; a denial explained by the identity binding). Pure.
import { isEksLoginError } from '../../kernel/errors.js';
import type { AwsCredentials, CallerIdentity, StsGateway, StsTarget } from '../../kernel/ports.js';
import { formatDuration } from '../../kernel/format/duration.js';
import type { SetupRecord } from '../../record/setup-record.js';
import { result, type CheckResult } from './check.js';

/** Above this a warning; above the fail limit STS (and so the cluster) rejects signatures. */
const SKEW_WARN_SECONDS = 60;
const SKEW_FAIL_SECONDS = 5 * 60;

export async function checkSourceIdentity(
  record: SetupRecord | undefined,
  source: string,
  credentials: AwsCredentials,
  identity: CallerIdentity,
  target: StsTarget,
): Promise<CheckResult> {
  const expected = record ? (record.source.kind === 'keychain' ? record.source.userArn : record.source.arn) : undefined;
  if (record && expected && expected !== identity.arn) {
    return result(
      'source-identity',
      'warn',
      `the source key belongs to ${identity.arn}, but setup recorded ${expected}`,
      `re-run \`eks-login setup <bundle.json>\` for bundle ${record.bundle.name} if the key changed hands`,
    );
  }
  return result(
    'source-identity',
    'ok',
    `${identity.arn} (${source}, key …${credentials.accessKeyId.slice(-4)}, via ${target.endpoint})`,
  );
}

export function checkClock(local: Date, stsDate: Date, endpoint: string): CheckResult {
  // The Date header has one-second resolution; allow for it before judging.
  const skew = Math.round((local.getTime() - stsDate.getTime()) / 1000);
  const size = Math.abs(skew);
  const direction = skew > 0 ? 'ahead of' : 'behind';
  const detail =
    size <= 1 ? `in step with ${endpoint}` : `this machine's clock is ${formatDuration(size)} ${direction} ${endpoint}`;
  const fix = 'sync the clock (e.g. `sudo timedatectl set-ntp true`, or `sudo sntp -sS time.apple.com` on macOS)';
  if (size > SKEW_FAIL_SECONDS)
    return result('clock', 'fail', `${detail}; STS rejects signatures more than 5 min off, so every token fails`, fix);
  if (size > SKEW_WARN_SECONDS) return result('clock', 'warn', `${detail}; tokens still work below 5 min`, fix);
  return result('clock', 'ok', detail);
}

export interface AssumeCheckInput {
  roleArn: string;
  sessionName: string;
  externalId?: string;
  mfa: boolean;
  /** A bound group (bundle sourceIdentity): sent as SourceIdentity, equal to the session name. */
  sourceIdentity?: string;
  /** Who asks (GetCallerIdentity's ARN), for the explanation of a denial. */
  callerArn: string;
}

export async function checkAssumeRole(
  input: AssumeCheckInput,
  credentials: AwsCredentials,
  sts: StsGateway,
  target: StsTarget,
): Promise<CheckResult> {
  if (input.mfa) {
    return result(
      'assume-role',
      'skip',
      `${input.roleArn} needs MFA; the token step below shows whether a session is at hand (run \`eks-login login\` first)`,
    );
  }
  try {
    const assumed = await sts.assumeRole(credentials, target, {
      roleArn: input.roleArn,
      roleSessionName: input.sessionName,
      durationSeconds: 900,
      ...(input.externalId ? { externalId: input.externalId } : {}),
      ...(input.sourceIdentity ? { sourceIdentity: input.sourceIdentity } : {}),
    });
    return result(
      'assume-role',
      'ok',
      `${assumed.assumedRoleArn}${input.sourceIdentity ? ` (SourceIdentity ${input.sourceIdentity})` : ''}`,
    );
  } catch (error) {
    if (!isEksLoginError(error) || error.sts?.reason !== 'access-denied') throw error;
    return {
      ...result('assume-role', 'fail', `${error.message}; ${explainDenial(input)}`, denialFix(input)),
      exitCode: error.exitCode,
    };
  }
}

/**
 * Why AssumeRole may be denied when the role is eks-login's: its group policy binds the session name (and
 * SourceIdentity) to the caller's IAM user name, so only that name passes, and only for a member.
 */
function explainDenial(input: AssumeCheckInput): string {
  const user = /:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(input.callerArn)?.[1];
  const binding = `the group policy eks-login's \`admin apply\` writes allows sts:AssumeRole only when the role session name equals the caller's IAM user name${input.sourceIdentity ? ', and sts:SetSourceIdentity only when SourceIdentity equals it' : ''}`;
  if (!user)
    return `${binding}; ${input.callerArn} is not an IAM user, so no session name can match (use an IAM user's access key)`;
  const sent =
    input.sessionName === user ? 'doctor asked with exactly that name' : `doctor asked as ${input.sessionName}`;
  return `${binding}: the expected session name is ${user}${input.sourceIdentity ? ` (SourceIdentity ${user})` : ''}; ${sent}, so IAM user ${user} is probably not a member of the group, or the role's policies are not eks-login's`;
}

function denialFix(input: AssumeCheckInput): string {
  return `ask your admin to add ${input.callerArn} to the group's members and run \`eks-login admin apply\` (a hand-made role needs its trust policy and an sts:AssumeRole permission for you${input.sourceIdentity ? ', plus sts:SetSourceIdentity' : ''})`;
}
