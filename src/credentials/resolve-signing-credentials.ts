// The credential seam of `token`: from a planned signing source (and an optional role) to the credentials
// that sign the token. Sources and STS come in through the one port (credentials/credentials-deps.ts), so other
// sources (keychain, role-session cache, MFA) plug in without touching the token code.
import { CredentialsError } from '../kernel/errors.js';
import type { AwsCredentials } from '../kernel/ports.js';
import type { CredentialProvider, CredentialsDeps, FetchOptions } from './credentials-deps.js';
import { groupRoleSessionRequest, type GroupRoleInput } from './group-role-request.js';
import { obtainRoleSession } from './role-session/obtain-role-session.js';
import type { SigningSource, SigningSourcePlan } from './signing-source.js';

export type SsoSigningSource = Extract<SigningSource, { kind: 'sso' }>;

/** login --force: a new session even if the cached one is still good (for an sso-only group: GetRoleCredentials again). */
export interface ResolveOptions {
  forceRefresh?: boolean | undefined;
}

/** The group role to assume; the session request is built from it, the plan and the setup record. */
export type RoleToAssume = Omit<GroupRoleInput, 'plan'>;

export interface SigningCredentials {
  credentials: AwsCredentials;
  /** The plan's stable, non-secret source-identity key (cache keys use it). */
  sourceKey: string;
  /** When these credentials stop working; undefined for long-term keys. */
  expiration?: Date;
  /** For --debug, e.g. "role arn:… assumed with profile dev". */
  description: string;
  /** The role session's SourceIdentity (a bound group), as STS reported it when the session was made. */
  sourceIdentity?: string;
}

/**
 * Base credentials of the plan; with a role, the group role session instead: from the role-session cache
 * when it is still good, else one single-flight AssumeRole (MFA when needed) across all processes.
 */
export async function resolveSigningCredentials(
  plan: SigningSourcePlan,
  role: RoleToAssume | undefined,
  deps: CredentialsDeps,
  options: ResolveOptions = {},
): Promise<SigningCredentials> {
  const base = sourceProvider(plan, deps);
  if (!role) return withExpiry(await base({ refresh: Boolean(options.forceRefresh) }), plan.key, plan.reason);
  const profileMfaSerial =
    plan.source.kind === 'profile' ? await deps.profileMfaSerial(plan.source.profile) : undefined;
  const request = groupRoleSessionRequest({ ...role, plan, profileMfaSerial });
  const session = await obtainRoleSession(request, base, deps);
  const how = session.fromCache ? 'cached session of' : 'assumed';
  const signing = withExpiry(
    session.credentials,
    plan.key,
    `role ${role.roleArn} (${how} ${session.assumedRoleArn}${session.sourceIdentity ? `, SourceIdentity ${session.sourceIdentity}` : ''}) with ${plan.reason}`,
  );
  return session.sourceIdentity ? { ...signing, sourceIdentity: session.sourceIdentity } : signing;
}

/** The provider of the plan's kind, for its source; `refresh`: STS said the credentials (e.g. the permission-set session) expired. */
function sourceProvider(plan: SigningSourcePlan, deps: Pick<CredentialsDeps, 'sources'>): CredentialProvider {
  const { source } = plan;
  const fetch = deps.sources[source.kind] as
    ((source: SigningSource, options: FetchOptions) => Promise<AwsCredentials>) | undefined;
  return async (options) => {
    if (!fetch)
      throw new CredentialsError(`cannot use ${plan.reason}: this build has no ${source.kind} credential source`, {
        hint: 'pass --source-profile <profile> to `eks-login token`',
      });
    return fetch(source, options);
  };
}

function withExpiry(credentials: AwsCredentials, sourceKey: string, description: string): SigningCredentials {
  return {
    credentials,
    sourceKey,
    description,
    ...(credentials.expiration ? { expiration: credentials.expiration } : {}),
  };
}
