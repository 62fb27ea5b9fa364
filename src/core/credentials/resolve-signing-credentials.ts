// The credential seam of `token`: from a planned signing source (and an optional role) to the credentials
// that sign the token. Sources and STS come in as ports, so other sources (keychain, role-session cache,
// MFA) plug in without touching the token code.
import { CredentialsError } from '../../errors.js';
import type { AwsCredentials, Env, StsGateway, StsTarget } from '../../ports.js';
import { credentialsFromEnv } from './env-credentials.js';
import type { SigningSourcePlan } from './signing-source.js';

/** Where base credentials come from. Implementations translate failures into EksLoginError subclasses. */
export interface CredentialSources {
  /** The AWS SDK default chain for a profile (adapters/aws-credential-chain.ts). */
  fromProfile(profile: string, explicit: boolean): Promise<AwsCredentials>;
  /** The access key `eks-login setup` stored for a bundle; absent when no keychain source is wired in. */
  fromKeychain?(bundle: string, accessKeyId: string): Promise<AwsCredentials>;
}

export interface RoleToAssume {
  roleArn: string;
  /** Where AssumeRole goes: the same resolveStsEndpoint result as the token host. */
  sts: StsTarget;
  roleSessionName: string;
  durationSeconds: number;
  externalId?: string;
}

export interface SigningCredentialsDeps {
  env: Env;
  sources: CredentialSources;
  /** Lazily built, so the STS client loads only when a role is assumed. */
  stsGateway: () => Promise<StsGateway>;
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

/** Base credentials of the plan, then AssumeRole when a role is given. */
export async function resolveSigningCredentials(plan: SigningSourcePlan, role: RoleToAssume | undefined, deps: SigningCredentialsDeps): Promise<SigningCredentials> {
  const base = await baseCredentials(plan, deps);
  if (!role) return withExpiry(base, plan.key, plan.reason);
  const gateway = await deps.stsGateway();
  const assumed = await gateway.assumeRole(base, role.sts, {
    roleArn: role.roleArn,
    roleSessionName: role.roleSessionName,
    durationSeconds: role.durationSeconds,
    ...(role.externalId ? { externalId: role.externalId } : {}),
  });
  return withExpiry(assumed.credentials, plan.key, `role ${role.roleArn} assumed with ${plan.reason}`);
}

async function baseCredentials(plan: SigningSourcePlan, deps: SigningCredentialsDeps): Promise<AwsCredentials> {
  const { source } = plan;
  switch (source.kind) {
    case 'env':
      return credentialsFromEnv(deps.env);
    case 'profile':
      return deps.sources.fromProfile(source.profile, source.explicit);
    case 'keychain':
      if (!deps.sources.fromKeychain) {
        throw new CredentialsError(`cannot read the access key of bundle ${source.bundle}: this build has no keychain source`, {
          hint: `run \`eks-login setup\` with --source-profile <profile>, or pass --source-profile to \`eks-login token\``,
        });
      }
      return deps.sources.fromKeychain(source.bundle, source.accessKeyId);
  }
}

function withExpiry(credentials: AwsCredentials, sourceKey: string, description: string): SigningCredentials {
  return { credentials, sourceKey, description, ...(credentials.expiration ? { expiration: credentials.expiration } : {}) };
}

/** RoleSessionName: [\w+=,.@-]{2,64}; other characters become '-'. */
export function sanitizeSessionName(name: string): string {
  const cleaned = name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : 'eks-login';
}
