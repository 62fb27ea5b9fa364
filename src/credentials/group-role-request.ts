// From "assume this group role for this source" to a RoleSessionRequest: session name and MFA device of
// the source identity (setup record, else GetCallerIdentity / the AWS profile), duration and external id
// from the bundle group, and the `eks-login login <context>` hint for when MFA needs a terminal. Pure.
import type { StsTarget } from '../kernel/ports.js';
import type { BundleGroup } from '../record/bundle-types.js';
import type { SigningSourcePlan } from './signing-source.js';
import type { SetupRecord } from '../record/setup-record.js';
import { redactUrl } from '../kernel/mask.js';
import { loginHint } from './role-session/login-hint.js';
import type { RoleSessionRequest } from './role-session/obtain-role-session.js';
import {
  bindsSourceIdentity,
  refuseSessionNameFor,
  type RequestedSessionName,
} from './role-session/session-binding.js';

export interface GroupRoleInput {
  roleArn: string;
  sts: StsTarget;
  plan: SigningSourcePlan;
  record?: SetupRecord | undefined;
  /** --group: picks among bundle groups that share a role. */
  groupName?: string | undefined;
  /** The cluster the token is for (names the context in the login hint). */
  clusterName?: string | undefined;
  /** mfa_serial of the source AWS profile, when it has one. */
  profileMfaSerial?: string | undefined;
  mustOutlive?: Date | undefined;
  forceRefresh?: boolean | undefined;
  /** A session name asked for explicitly (e.g. a `--session-name` flag); refused for a bound group (exit 2). */
  sessionName?: RequestedSessionName | undefined;
}

export function findGroup(
  record: SetupRecord | undefined,
  roleArn: string,
  groupName?: string,
): BundleGroup | undefined {
  return record?.bundle.groups.find((g) => g.roleArn === roleArn && (!groupName || g.name === groupName));
}

/** `eks-login setup <source>`, quoted for a shell when needed (a URL's secrets already shown as ****). */
function setupCommandFor(source: string): string {
  return `eks-login setup ${/^[\w@%+=:,./-]+$/.test(source) ? source : `'${source.replace(/'/g, `'\\''`)}'`}`;
}

export function groupRoleSessionRequest(input: GroupRoleInput): RoleSessionRequest {
  const { plan, record } = input;
  const group = findGroup(record, input.roleArn, input.groupName);
  refuseSessionNameFor(group, input.sessionName);
  const source = plan.source;
  const stored = source.kind === 'keychain' && record?.source.kind === 'keychain' ? record.source : undefined;
  // A bound group names the session after the identity the profile has NOW (GetCallerIdentity), not the one
  // setup recorded: a profile that became a role session must be refused (exit 4), not sent under the old name.
  const recordedProfileArn =
    source.kind === 'profile' &&
    record?.source.kind === 'profile' &&
    record.source.profile === source.profile &&
    !bindsSourceIdentity(group)
      ? record.source.arn
      : undefined;
  const sourceArn = stored?.userArn ?? recordedProfileArn;
  return {
    roleArn: input.roleArn,
    sts: input.sts,
    sourceKey: plan.key,
    sourceDescription: plan.reason,
    sourceUserName: stored?.userName,
    sourceArn,
    storedKey: source.kind === 'keychain',
    setupCommand: record?.bundleSource ? setupCommandFor(redactUrl(record.bundleSource)) : undefined,
    groupDurationSeconds: group?.sessionDurationSeconds,
    externalId: group?.externalId,
    ...mfaOf(group, stored?.mfaSerial ?? input.profileMfaSerial),
    loginCommand: loginHint(record, group, input.clusterName),
    mustOutlive: input.mustOutlive,
    forceRefresh: input.forceRefresh,
    bundle: record?.bundle.name,
    group: group?.name,
    ...(bindsSourceIdentity(group) ? { bindSourceIdentity: true } : {}),
    ...(input.sessionName ? { sessionName: input.sessionName } : {}),
  };
}

/**
 * MFA is needed when the group says `mfa: true` or the source profile has `mfa_serial`. The device: the
 * configured one (setup record or profile), else (decided at refresh time) the default device name of the
 * IAM user behind the source.
 */
function mfaOf(
  group: BundleGroup | undefined,
  configured: string | undefined,
): { mfaRequired: boolean; mfaSerial?: string } {
  if (configured) return { mfaRequired: true, mfaSerial: configured };
  return { mfaRequired: group?.mfa === true };
}
