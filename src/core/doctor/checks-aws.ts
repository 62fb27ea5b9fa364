// Doctor checks against STS: the source key, the clock against STS's Date header, AssumeRole. Pure.
import type { AwsCredentials, CallerIdentity, StsGateway, StsTarget } from '../../ports.js';
import { formatDuration } from '../format/duration.js';
import type { SetupRecord } from '../record/setup-record.js';
import { result, type CheckResult } from './check.js';

/** Above this a warning; above the fail limit STS (and so the cluster) rejects signatures. */
export const SKEW_WARN_SECONDS = 60;
export const SKEW_FAIL_SECONDS = 5 * 60;

export async function checkSourceIdentity(
  record: SetupRecord | undefined, source: string, credentials: AwsCredentials, identity: CallerIdentity, target: StsTarget,
): Promise<CheckResult> {
  const expected = record ? (record.source.kind === 'keychain' ? record.source.userArn : record.source.arn) : undefined;
  if (record && expected && expected !== identity.arn) {
    return result('source-identity', 'warn', `the source key belongs to ${identity.arn}, but setup recorded ${expected}`, `re-run \`eks-login setup <bundle.json>\` for bundle ${record.bundle.name} if the key changed hands`);
  }
  return result('source-identity', 'ok', `${identity.arn} (${source}, key …${credentials.accessKeyId.slice(-4)}, via ${target.endpoint})`);
}

export function checkClock(local: Date, stsDate: Date, endpoint: string): CheckResult {
  // The Date header has one-second resolution; allow for it before judging.
  const skew = Math.round((local.getTime() - stsDate.getTime()) / 1000);
  const size = Math.abs(skew);
  const direction = skew > 0 ? 'ahead of' : 'behind';
  const detail = size <= 1 ? `in step with ${endpoint}` : `this machine's clock is ${formatDuration(size)} ${direction} ${endpoint}`;
  const fix = 'sync the clock (e.g. `sudo timedatectl set-ntp true`, or `sudo sntp -sS time.apple.com` on macOS)';
  if (size > SKEW_FAIL_SECONDS) return result('clock', 'fail', `${detail}; STS rejects signatures more than 5 min off, so every token fails`, fix);
  if (size > SKEW_WARN_SECONDS) return result('clock', 'warn', `${detail}; tokens still work below 5 min`, fix);
  return result('clock', 'ok', detail);
}

export interface AssumeCheckInput {
  roleArn: string;
  sessionName: string;
  externalId?: string;
  mfa: boolean;
}

export async function checkAssumeRole(input: AssumeCheckInput, credentials: AwsCredentials, sts: StsGateway, target: StsTarget): Promise<CheckResult> {
  if (input.mfa) {
    return result('assume-role', 'skip', `${input.roleArn} needs MFA; the token step below shows whether a session is at hand (run \`eks-login login\` first)`);
  }
  const assumed = await sts.assumeRole(credentials, target, {
    roleArn: input.roleArn,
    roleSessionName: input.sessionName,
    durationSeconds: 900,
    ...(input.externalId ? { externalId: input.externalId } : {}),
  });
  return result('assume-role', 'ok', `${assumed.assumedRoleArn}`);
}
