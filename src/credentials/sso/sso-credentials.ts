// The credentials of an sso group: the permission set's role session from GetRoleCredentials, cached and
// single-flight by the same wrapper as an assumed role (credentials/cached-session.ts: same SecretStore, same
// 15-minute margin, same lock): twenty kubectl processes on a cold cache cause one GetRoleCredentials. It needs
// a sign-in: the cached one (~/.aws/sso/cache, shared with aws-cli), else a silent refresh with the refresh
// token, else a new sign-in only where a person can finish it; otherwise CredentialsError (exit 4) naming
// `eks-login login`.
import { CredentialsError, InterruptedError, isEksLoginError, NetworkError } from '../../kernel/errors.js';
import type { AwsCredentials } from '../../kernel/ports.js';
import { roleSessionKey, type CachedRoleSession } from '../role-session/cache-entry.js';
import { cachedSession, withLock, type SessionResult } from '../cached-session.js';
import type { CredentialsDeps } from '../credentials-deps.js';
import { fnv1a64 } from '../../kernel/hash.js';
import type { BundleSso } from '../../record/bundle-types.js';
import type { SsoFlow, SsoToken } from '../../kernel/sso-ports.js';
import { refreshSsoToken, signIn } from './sign-in.js';
import { ssoStatusLine } from './status.js';
import { canRefresh, isTokenValid } from './token-file.js';

export interface SignInChoice {
  flow: SsoFlow;
  openBrowser: boolean;
}

export interface SsoSessionRequest {
  sso: BundleSso;
  /** e.g. `eks-login login sso-developers@demo`: where to send a person without a sign-in. */
  loginCommand: string;
  /** May sign in when no usable sign-in exists; undefined: never (exit 4 instead). */
  signIn?: SignInChoice | undefined;
  /** The portal endpoint (part of the cache key: a sandbox and AWS never share sessions). */
  portalEndpoint: string;
  mustOutlive?: Date | undefined;
  /** Ignore a cached role session (login --force). */
  forceRefresh?: boolean | undefined;
  /** Labels for the session index (logout finds sessions by bundle and group). */
  bundle?: string | undefined;
  group?: string | undefined;
}

/** What a sign-in reads of the one port (credentials/credentials-deps.ts). */
type SignInPorts = Pick<CredentialsDeps, 'clock' | 'logger' | 'locker' | 'ssoTokens' | 'ssoOidc' | 'signInDeps'>;

/** A sign-in may take minutes in the browser: others wait for it rather than start a second one. */
const lockWait = (request: Pick<SsoSessionRequest, 'signIn'>) => ({
  timeoutMs: request.signIn ? 11 * 60_000 : 60_000,
});

/** The id the role-session cache and the session index use for a permission set (no ARN is known up front). */
export const ssoRoleId = (sso: BundleSso): string => `sso:${sso.accountId}/${sso.roleName}@${sso.startUrl}`;

function ssoSessionKey(request: Pick<SsoSessionRequest, 'sso' | 'portalEndpoint'>): string {
  return roleSessionKey({
    sourceKey: `sso:${request.sso.startUrl}`,
    roleArn: ssoRoleId(request.sso),
    stsUrl: request.portalEndpoint,
  });
}

/** The permission set's role session: `cachedSession` (credentials/cached-session.ts) around GetRoleCredentials. */
export async function obtainSsoSession(
  request: SsoSessionRequest,
  deps: SignInPorts & Pick<CredentialsDeps, 'secretStore' | 'listing' | 'loggedOutMeanwhile' | 'ssoPortal'>,
): Promise<SessionResult> {
  const what = `permission set ${request.sso.roleName} in ${request.sso.accountId}`;
  const notCached = (why: string, location: string) =>
    `could not cache the role session of ${what} in ${location}: ${why}`;
  const session = cachedSession(
    {
      key: ssoSessionKey(request),
      listedAs: { roleArn: ssoRoleId(request.sso), bundle: request.bundle, group: request.group },
      mustOutlive: request.mustOutlive,
      words: {
        fromCache: (until) => `${what}: role session from the cache, valid until ${until.toISOString()}`,
        notCached,
        notListed: notCached,
        loggedOut: `a logout ran while the role session of ${what} was being fetched; it is used for this token only and not kept`,
      },
    },
    { ...deps, locker: () => deps.locker(lockWait(request)) },
    () => roleCredentials(request, deps, what),
  );
  return session({ refresh: Boolean(request.forceRefresh) });
}

/** GetRoleCredentials with a usable sign-in; a cached sign-in the portal rejects is refreshed (or signed in) once. */
async function roleCredentials(
  request: SsoSessionRequest,
  deps: SignInPorts & Pick<CredentialsDeps, 'ssoPortal'>,
  what: string,
): Promise<CachedRoleSession> {
  let { token, how } = await ensureSsoToken(request, deps);
  const portal = await deps.ssoPortal(request.sso.region);
  let credentials: AwsCredentials & { expiration: Date };
  try {
    credentials = await portal.getRoleCredentials(token.accessToken, request.sso.accountId, request.sso.roleName);
  } catch (error) {
    // A cached token the portal no longer accepts (signed out elsewhere, revoked): refresh or sign in once.
    if (!isEksLoginError(error) || error.code !== 'SSO_TOKEN_REJECTED' || how !== 'cached') throw error;
    deps.logger.debug(`the portal rejected the cached sign-in of ${request.sso.startUrl}; refreshing it`);
    ({ token, how } = await ensureSsoToken(request, deps, token));
    credentials = await portal.getRoleCredentials(token.accessToken, request.sso.accountId, request.sso.roleName);
  }
  deps.logger.debug(`GetRoleCredentials ${what}: valid until ${credentials.expiration.toISOString()}`);
  return { credentials, assumedRoleArn: what };
}

export type TokenSource = 'cached' | 'refreshed' | 'signed-in';

/**
 * A usable sign-in for the group's start URL: the cached one, else refreshed silently, else (when
 * allowed) a new sign-in; under a lock per start URL so parallel processes refresh once. `rejected` is a
 * token the portal refused: it is not used again.
 */
export async function ensureSsoToken(
  request: Pick<SsoSessionRequest, 'sso' | 'loginCommand' | 'signIn'>,
  deps: SignInPorts,
  rejected?: SsoToken,
): Promise<{ token: SsoToken; how: TokenSource }> {
  const { startUrl, region } = request.sso;
  const usable = (t: SsoToken | undefined): boolean =>
    t !== undefined && t.accessToken !== rejected?.accessToken && isTokenValid(t, deps.clock.now());
  const tokens = await deps.ssoTokens();
  const first = await tokens.read(startUrl);
  if (first && usable(first)) return { token: first, how: 'cached' };
  const fresh = withLock(
    () => deps.locker(lockWait(request)),
    `sso-token-${fnv1a64(startUrl)}`,
    async (): Promise<{ token: SsoToken; how: TokenSource }> => {
      const cached = await tokens.read(startUrl);
      if (cached && usable(cached)) return { token: cached, how: 'cached' };
      if (cached && canRefresh(cached, deps.clock.now())) {
        try {
          const refreshed = await refreshSsoToken(cached, await deps.ssoOidc(cached.region || region), () =>
            deps.clock.now(),
          );
          await tokens.write(refreshed);
          deps.logger.debug(
            `sign-in to ${startUrl} refreshed with the refresh token, valid until ${refreshed.expiresAt.toISOString()}`,
          );
          return { token: refreshed, how: 'refreshed' };
        } catch (error) {
          // IAM Identity Center out of reach (a silent proxy, no network): a new sign-in would need the same
          // network, and "not signed in" would send the user to the wrong fix. Say what failed.
          if (error instanceof NetworkError || error instanceof InterruptedError) throw error;
          deps.logger.debug(`refreshing the sign-in to ${startUrl} failed: ${(error as Error).message}`);
        }
      }
      if (!request.signIn) throw notSignedIn(request, cached, tokens.pathOf(startUrl), deps.clock.now());
      const [oidc, terminal] = await Promise.all([deps.ssoOidc(region), deps.signInDeps()]);
      const token = await signIn(
        { startUrl, region, account: request.sso.accountId, ...request.signIn },
        { ...terminal, oidc, clock: deps.clock, logger: deps.logger },
      );
      await tokens.write(token);
      terminal.say(ssoStatusLine({ startUrl, expiresAt: token.expiresAt, refreshable: Boolean(token.refreshToken) }));
      return { token, how: 'signed-in' };
    },
  );
  return fresh({ refresh: false });
}

function notSignedIn(
  request: Pick<SsoSessionRequest, 'sso' | 'loginCommand'>,
  cached: SsoToken | undefined,
  file: string,
  now: Date,
): CredentialsError {
  const why = !cached
    ? `no sign-in is cached (${file})`
    : cached.expiresAt.getTime() > now.getTime() && cached.expiresAt.getTime() - now.getTime() > 60_000
      ? 'IAM Identity Center no longer accepts the cached sign-in'
      : `the sign-in expired at ${cached.expiresAt.toISOString()}${cached.refreshToken ? ' and could not be refreshed' : ' (no refresh token)'}`;
  return new CredentialsError(`not signed in to IAM Identity Center at ${request.sso.startUrl}: ${why}`, {
    code: 'SSO_SIGN_IN_NEEDED',
    hint: `run: ${request.loginCommand}`,
  });
}
