// `eks-login login`: assume each target's group role ahead of time (one MFA code per role session), so
// every kubectl call afterwards signs from the cache. Reuses a good cached session unless forced. An sso
// group signs in to IAM Identity Center first when no usable sign-in is cached (deps decide how).
import type { Env, Logger } from '../kernel/ports.js';
import { resolveSigningCredentials, type SsoSigningSource } from '../credentials/resolve-signing-credentials.js';
import type { CredentialsDeps } from '../credentials/credentials-deps.js';
import type { SsoToken } from '../kernel/sso-ports.js';
import { planSigningSource } from '../credentials/signing-source.js';
import { resolveStsEndpoint, stsTargetOf } from '../aws/sts-endpoint.js';
import type { ProfileStsSettings } from '../aws/config-file.js';
import { contextsOf, type SessionTarget } from './targets.js';

export interface LoginResult {
  target: SessionTarget;
  /** The group's role; absent for an sso-only group (the permission set is the role). */
  roleArn?: string;
  /** e.g. "role arn:… (assumed arn:aws:sts::…) with setup record of bundle acme: …". */
  description: string;
  expiration?: Date;
  contexts: string[];
  /** An sso group's IAM Identity Center sign-in (how it was obtained this time). */
  signIn?: SsoSignInStatus;
}

interface SsoSignInStatus {
  startUrl: string;
  expiresAt: Date;
  refreshable: boolean;
  how: 'cached' | 'refreshed' | 'signed-in';
}

export interface LoginDeps {
  env: Env;
  logger: Logger;
  /** Signing deps for the target's region (the SDK chain needs it for SSO). */
  signingDeps(region: string): CredentialsDeps;
  /** The STS settings of a profile in ~/.aws/config (they count like the environment variables). */
  profileSts?: (profile: string) => ProfileStsSettings | undefined;
  /** An sso group: a usable IAM Identity Center sign-in, signing in when there is none. */
  ssoSignIn(source: SsoSigningSource): Promise<{ token: SsoToken; how: SsoSignInStatus['how'] }>;
}

export async function login(targets: SessionTarget[], force: boolean, deps: LoginDeps): Promise<LoginResult[]> {
  const results: LoginResult[] = [];
  for (const target of targets) {
    const cluster = target.clusters[0];
    const plan = planSigningSource({
      record: target.record,
      env: deps.env,
      group: target.group.name,
      cluster: cluster?.name,
    });
    deps.logger.debug(`login ${target.record.bundle.name}/${target.group.name}: source ${plan.reason}`);
    for (const skipped of plan.skipped) deps.logger.debug(`source skipped: ${skipped}`);
    // An sso group signs in first when its sign-in is missing or expired, even if a role session is cached.
    const signedIn = plan.source.kind === 'sso' ? await deps.ssoSignIn(plan.source) : undefined;
    const region = cluster?.region ?? 'us-east-1';
    const endpoint = resolveStsEndpoint(region, deps.env, deps.profileSts?.(plan.regionProfile));
    const { roleArn } = target.group;
    const signing = await resolveSigningCredentials(
      plan,
      roleArn === undefined
        ? undefined
        : {
            roleArn,
            sts: stsTargetOf(endpoint),
            record: target.record,
            groupName: target.group.name,
            clusterName: cluster?.name,
            forceRefresh: force,
          },
      deps.signingDeps(region),
      { forceRefresh: force },
    );
    results.push({
      target,
      ...(roleArn ? { roleArn } : {}),
      description: signing.description,
      ...(signing.expiration ? { expiration: signing.expiration } : {}),
      contexts: contextsOf(target),
      ...(signedIn
        ? {
            signIn: {
              startUrl: signedIn.token.startUrl,
              expiresAt: signedIn.token.expiresAt,
              refreshable: Boolean(signedIn.token.refreshToken),
              how: signedIn.how,
            },
          }
        : {}),
    });
  }
  return results;
}
