// The credential seam of `token`: from a planned signing source (and an optional role) to the credentials
// that sign the token. Sources and STS come in as ports, so other sources (keychain, role-session cache,
// MFA) plug in without touching the token code.
import { CredentialsError } from '../kernel/errors.js';
import type { AwsCredentials, Env, StsGateway } from '../kernel/ports.js';
import { groupRoleSessionRequest, type GroupRoleInput } from './group-role-request.js';
import { obtainRoleSession, type RoleSessionDeps } from './role-session/obtain-role-session.js';
import type { SigningSource, SigningSourcePlan } from './signing-source.js';

/** `refresh`: STS said the credentials expired (or login --force): fetch new ones rather than reuse a cached set. */
export interface SourceFetchOptions {
  refresh: boolean;
}

/**
 * Where base credentials come from: one adapter per kind of SIGNING_SOURCES (credentials/signing-source.ts),
 * e.g. `profile` (the AWS SDK chain), `keychain` (the key setup stored), `sso` (the permission set), `env`.
 * A kind without an adapter here fails with exit 4 naming it. Implementations translate failures into
 * EksLoginError subclasses.
 */
export type CredentialSources = {
  [K in SigningSource['kind']]?: (
    source: Extract<SigningSource, { kind: K }>,
    options: SourceFetchOptions,
  ) => Promise<AwsCredentials>;
};

export type SsoSigningSource = Extract<SigningSource, { kind: 'sso' }>;

/** login --force: a new session even if the cached one is still good (for an sso-only group: GetRoleCredentials again). */
export interface ResolveOptions {
  forceRefresh?: boolean | undefined;
}

/** The group role to assume; the session request is built from it, the plan and the setup record. */
export type RoleToAssume = Omit<GroupRoleInput, 'plan'>;

/** What the role-session use case needs besides the source credentials (adapters, built lazily). */
export type RoleSessionServices = Omit<RoleSessionDeps, 'baseCredentials' | 'sts'> & {
  /** mfa_serial of an AWS profile, when it has one. */
  profileMfaSerial(profile: string): Promise<string | undefined>;
};

export interface SigningCredentialsDeps {
  env: Env;
  sources: CredentialSources;
  /** Lazily built, so the STS client loads only when a role is assumed. */
  stsGateway: () => Promise<StsGateway>;
  /** Role session cache, lock, MFA prompt: built only when a role is assumed. */
  roleSessions: () => Promise<RoleSessionServices>;
}

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
  deps: SigningCredentialsDeps,
  options: ResolveOptions = {},
): Promise<SigningCredentials> {
  if (!role) return withExpiry(await baseCredentials(plan, deps, false, options.forceRefresh), plan.key, plan.reason);
  const services = await deps.roleSessions();
  const profileMfaSerial =
    plan.source.kind === 'profile' ? await services.profileMfaSerial(plan.source.profile) : undefined;
  const request = groupRoleSessionRequest({ ...role, plan, profileMfaSerial });
  const session = await obtainRoleSession(request, {
    ...services,
    sts: deps.stsGateway,
    baseCredentials: (refresh) => baseCredentials(plan, deps, refresh),
  });
  const how = session.fromCache ? 'cached session of' : 'assumed';
  const signing = withExpiry(
    session.credentials,
    plan.key,
    `role ${role.roleArn} (${how} ${session.assumedRoleArn}${session.sourceIdentity ? `, SourceIdentity ${session.sourceIdentity}` : ''}) with ${plan.reason}`,
  );
  return session.sourceIdentity ? { ...signing, sourceIdentity: session.sourceIdentity } : signing;
}

/** The adapter of the plan's kind; `refresh`: STS said the credentials (e.g. the permission-set session) expired. */
async function baseCredentials(
  plan: SigningSourcePlan,
  deps: SigningCredentialsDeps,
  refresh = false,
  force = false,
): Promise<AwsCredentials> {
  const { source } = plan;
  const fetch = deps.sources[source.kind] as
    ((source: SigningSource, options: SourceFetchOptions) => Promise<AwsCredentials>) | undefined;
  if (!fetch)
    throw new CredentialsError(`cannot use ${plan.reason}: this build has no ${source.kind} credential source`, {
      hint: 'pass --source-profile <profile> to `eks-login token`',
    });
  return fetch(source, { refresh: refresh || force });
}

function withExpiry(credentials: AwsCredentials, sourceKey: string, description: string): SigningCredentials {
  return {
    credentials,
    sourceKey,
    description,
    ...(credentials.expiration ? { expiration: credentials.expiration } : {}),
  };
}
