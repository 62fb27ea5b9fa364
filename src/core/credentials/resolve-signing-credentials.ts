// The credential seam of `token`: from a planned signing source (and an optional role) to the credentials
// that sign the token. Sources and STS come in as ports, so other sources (keychain, role-session cache,
// MFA) plug in without touching the token code.
import { CredentialsError } from '../../errors.js';
import type { AwsCredentials, Env, StsGateway } from '../../ports.js';
import { groupRoleSessionRequest, type GroupRoleInput } from '../role-session/group-role-request.js';
import { obtainRoleSession, type RoleSessionDeps } from '../role-session/obtain-role-session.js';
import { credentialsFromEnv } from './env-credentials.js';
import type { SigningSource, SigningSourcePlan } from './signing-source.js';

/** Where base credentials come from. Implementations translate failures into EksLoginError subclasses. */
export interface CredentialSources {
  /** The AWS SDK default chain for a profile (adapters/aws-credential-chain.ts). */
  fromProfile(profile: string, explicit: boolean, refresh?: boolean): Promise<AwsCredentials>;
  /** The access key `eks-login setup` stored for a bundle; absent when no keychain source is wired in. */
  fromKeychain?(bundle: string, accessKeyId: string): Promise<AwsCredentials>;
  /** The permission set's role session of an sso group (core/sso/sso-credentials.ts); absent when not wired in. */
  fromSso?(source: SsoSigningSource, options: { forceRefresh?: boolean | undefined }): Promise<AwsCredentials>;
}

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
}

/**
 * Base credentials of the plan; with a role, the group role session instead: from the role-session cache
 * when it is still good, else one single-flight AssumeRole (MFA when needed) across all processes.
 */
export async function resolveSigningCredentials(plan: SigningSourcePlan, role: RoleToAssume | undefined, deps: SigningCredentialsDeps, options: ResolveOptions = {}): Promise<SigningCredentials> {
  if (!role) return withExpiry(await baseCredentials(plan, deps, false, options.forceRefresh), plan.key, plan.reason);
  const services = await deps.roleSessions();
  const profileMfaSerial = plan.source.kind === 'profile' ? await services.profileMfaSerial(plan.source.profile) : undefined;
  const request = groupRoleSessionRequest({ ...role, plan, profileMfaSerial });
  const session = await obtainRoleSession(request, {
    ...services,
    sts: deps.stsGateway,
    baseCredentials: (refresh) => baseCredentials(plan, deps, refresh),
  });
  const how = session.fromCache ? 'cached session of' : 'assumed';
  return withExpiry(session.credentials, plan.key, `role ${role.roleArn} (${how} ${session.assumedRoleArn}) with ${plan.reason}`);
}

async function baseCredentials(plan: SigningSourcePlan, deps: SigningCredentialsDeps, refresh = false, forceSso = false): Promise<AwsCredentials> {
  const { source } = plan;
  switch (source.kind) {
    case 'env':
      return credentialsFromEnv(deps.env);
    case 'profile':
      return deps.sources.fromProfile(source.profile, source.explicit, refresh);
    case 'keychain':
      if (!deps.sources.fromKeychain) {
        throw new CredentialsError(`cannot read the access key of bundle ${source.bundle}: this build has no keychain source`, {
          hint: `run \`eks-login setup\` with --source-profile <profile>, or pass --source-profile to \`eks-login token\``,
        });
      }
      return deps.sources.fromKeychain(source.bundle, source.accessKeyId);
    case 'sso':
      if (!deps.sources.fromSso) throw new CredentialsError(`cannot sign in to ${source.sso.startUrl}: this build has no IAM Identity Center source`);
      // `refresh`: STS said the permission-set session expired; fetch a new one.
      return deps.sources.fromSso(source, { forceRefresh: refresh || forceSso });
  }
}

function withExpiry(credentials: AwsCredentials, sourceKey: string, description: string): SigningCredentials {
  return { credentials, sourceKey, description, ...(credentials.expiration ? { expiration: credentials.expiration } : {}) };
}
