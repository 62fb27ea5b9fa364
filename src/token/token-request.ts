// From the token flags and the environment to everything that decides a token: cluster id, region, STS
// endpoint, role, signing source, exec info and the cache key. Pure; the warm path and the full CLI share it.
import { UsageError } from '../kernel/errors.js';
import type { Env } from '../kernel/ports.js';
import { planSigningSource, type SigningSourcePlan } from '../credentials/signing-source.js';
import { findGroup } from '../credentials/group-role-request.js';
import type { SetupRecord } from '../record/setup-record.js';
import { refuseSessionNameFor } from '../credentials/role-session/session-binding.js';
import { tokenCacheKey } from './cache/cache-entry.js';
import { parseExecInfo, type ExecInfo } from './exec-credential.js';
import { regionFromFlagOrEnv, resolveRegion, type RegionSource } from '../aws/region.js';
import { resolveStsEndpoint, type StsEndpoint } from '../aws/sts-endpoint.js';
import type { ProfileStsSettings } from '../aws/config-file.js';

/** The flags of `eks-login token` (docs/token.md, "Flags"). */
export interface TokenFlags {
  cluster: string;
  clusterId?: string | undefined;
  region?: string | undefined;
  roleArn?: string | undefined;
  /** RoleSessionName for --role-arn (aws-iam-authenticator's -s); refused for a group bound to the IAM user. */
  sessionName?: string | undefined;
  sourceProfile?: string | undefined;
  bundle?: string | undefined;
  group?: string | undefined;
  noCache?: boolean | undefined;
}

export interface TokenRequest {
  flags: TokenFlags;
  /** The active profile's STS settings (ca_bundle included), when a config file exists. */
  profileSts?: ProfileStsSettings;
  clusterId: string;
  region: string;
  regionSource: RegionSource;
  endpoint: StsEndpoint;
  roleArn?: string;
  source: SigningSourcePlan;
  execInfo: ExecInfo;
  record?: SetupRecord;
  cacheKey: string;
}

export interface PlanInputs {
  flags: TokenFlags;
  env: Env;
  record?: SetupRecord | undefined;
  /**
   * Reads the `region` of a profile from the shared config. Called only when neither --region nor the
   * environment names a region. Returning undefined for "unknown" is allowed only for the warm path,
   * which then gives up (see planTokenRequestWithoutFiles).
   */
  profileRegion: (profile: string) => Promise<string | undefined> | string | undefined;
  /**
   * The STS settings of the active profile in ~/.aws/config (use_fips_endpoint, endpoint_url, …), which
   * count like their environment variables. Absent: none (tests).
   */
  profileSts?: ((profile: string) => ProfileStsSettings | undefined) | undefined;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** STS: RoleSessionName is [\w+=,.@-], 2..64 characters. */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export async function planTokenRequest(inputs: PlanInputs): Promise<TokenRequest> {
  const { flags, env } = inputs;
  const clusterId = (flags.clusterId ?? flags.cluster).trim();
  if (!clusterId)
    throw new UsageError('missing cluster: --cluster must name the EKS cluster', {
      hint: 'run `eks-login token --help`',
    });
  if (flags.roleArn !== undefined && !ROLE_ARN.test(flags.roleArn)) {
    throw new UsageError(
      `invalid --role-arn "${flags.roleArn}": expected arn:aws:iam::<12-digit account>:role/<name>`,
      { hint: 'run `eks-login token --help`' },
    );
  }
  if (flags.sessionName !== undefined && !SESSION_NAME.test(flags.sessionName)) {
    throw new UsageError(
      `invalid --session-name "${flags.sessionName}": STS takes 2 to 64 of the characters A-Z a-z 0-9 _ + = , . @ -`,
      { hint: 'run `eks-login token --help`' },
    );
  }
  const execInfo = parseExecInfo(env.KUBERNETES_EXEC_INFO);
  const source = planSigningSource({
    sourceProfile: flags.sourceProfile,
    record: inputs.record,
    env,
    group: flags.group,
    cluster: flags.cluster,
  });
  const regionInputs = { flag: flags.region, env, clusterServer: execInfo.clusterServer };
  const early = regionFromFlagOrEnv(regionInputs);
  const { region, source: regionSource } =
    early ?? resolveRegion({ ...regionInputs, profileRegion: await inputs.profileRegion(source.regionProfile) });
  const profileSts = inputs.profileSts?.(source.regionProfile);
  const endpoint = resolveStsEndpoint(region, env, profileSts);
  const group = flags.roleArn ? findGroup(inputs.record, flags.roleArn, flags.group) : undefined;
  // Only a role session has a name: without --role-arn, --session-name means nothing (as in aws-iam-authenticator).
  const sessionName = flags.roleArn ? flags.sessionName : undefined;
  // The identity binding's one check (issue 18), here too so that the warm path refuses before any cache read.
  refuseSessionNameFor(group, sessionName === undefined ? undefined : { name: sessionName, via: '--session-name' });
  const cacheKey = tokenCacheKey({
    clusterId,
    region,
    stsUrl: endpoint.url,
    roleArn: flags.roleArn,
    sourceKey: source.key,
    externalId: group?.externalId,
    sessionName,
  });
  return {
    flags,
    clusterId,
    region,
    regionSource,
    endpoint,
    source,
    execInfo,
    cacheKey,
    ...(profileSts ? { profileSts } : {}),
    ...(flags.roleArn ? { roleArn: flags.roleArn } : {}),
    ...(inputs.record ? { record: inputs.record } : {}),
  };
}

/** The warm path's variant: undefined when deciding would need a file (the profile's region). */
export async function planTokenRequestWithoutFiles(
  inputs: Omit<PlanInputs, 'profileRegion'>,
): Promise<TokenRequest | undefined> {
  let needsFile = false;
  const profileRegion = (): undefined => {
    needsFile = true;
    return undefined;
  };
  try {
    const plan = await planTokenRequest({ ...inputs, profileRegion });
    return needsFile ? undefined : plan;
  } catch (error) {
    if (needsFile) return undefined;
    throw error;
  }
}
