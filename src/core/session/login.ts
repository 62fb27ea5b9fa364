// `eks-login login`: assume each target's group role ahead of time (one MFA code per role session), so
// every kubectl call afterwards signs from the cache. Reuses a good cached session unless forced.
import type { Env, Logger } from '../../ports.js';
import { resolveSigningCredentials, type SigningCredentialsDeps } from '../credentials/resolve-signing-credentials.js';
import { planSigningSource } from '../credentials/signing-source.js';
import { resolveStsEndpoint, stsTargetOf } from '../token/sts-endpoint.js';
import type { ProfileStsSettings } from '../aws-config/config-file.js';
import { contextsOf, type SessionTarget } from './targets.js';

export interface LoginResult {
  target: SessionTarget;
  roleArn: string;
  /** e.g. "role arn:… (assumed arn:aws:sts::…) with setup record of bundle acme: …". */
  description: string;
  expiration?: Date;
  contexts: string[];
}

export interface LoginDeps {
  env: Env;
  logger: Logger;
  /** Signing deps for the target's region (the SDK chain needs it for SSO). */
  signingDeps(region: string): SigningCredentialsDeps;
  /** The STS settings of a profile in ~/.aws/config (they count like the environment variables). */
  profileSts?: (profile: string) => ProfileStsSettings | undefined;
}

export async function login(targets: SessionTarget[], force: boolean, deps: LoginDeps): Promise<LoginResult[]> {
  const results: LoginResult[] = [];
  for (const target of targets) {
    const plan = planSigningSource({ record: target.record, env: deps.env });
    deps.logger.debug(`login ${target.record.bundle.name}/${target.group.name}: source ${plan.reason}`);
    for (const skipped of plan.skipped) deps.logger.debug(`source skipped: ${skipped}`);
    const cluster = target.clusters[0];
    const region = cluster?.region ?? 'us-east-1';
    const endpoint = resolveStsEndpoint(region, deps.env, deps.profileSts?.(plan.regionProfile));
    const signing = await resolveSigningCredentials(
      plan,
      {
        roleArn: target.group.roleArn,
        sts: stsTargetOf(endpoint),
        record: target.record,
        groupName: target.group.name,
        clusterName: cluster?.name,
        forceRefresh: force,
      },
      deps.signingDeps(region),
    );
    results.push({
      target,
      roleArn: target.group.roleArn,
      description: signing.description,
      ...(signing.expiration ? { expiration: signing.expiration } : {}),
      contexts: contextsOf(target),
    });
  }
  return results;
}
