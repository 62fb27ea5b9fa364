// credentials' composition: the role sessions (cache, cross-process lock, MFA prompt) and IAM Identity Center
// (the aws-cli token cache ~/.aws/sso/cache, the client-registration cache, the SSO OIDC and portal clients, and
// the terminal side of a sign-in: loopback server, browser, stderr) from the services, and the listing of every
// cached session for `logout` (credentials/role-session/role-session-index.node.ts), the same for both kinds:
// listed with the caller's clock, and the sessions the listing drops because they expired leave the secret
// store too (once dropped from the index, nothing would find their secrets again). Everything loads on first
// use: a cached token never loads any of it.
import type { RoleSessionServices, SourceFetchOptions, SsoSigningSource } from './resolve-signing-credentials.js';
import { ssoPortalEndpoint } from './sso/endpoints.js';
import type { SsoToken } from '../kernel/sso-ports.js';
import { ssoRoleId, type SignInChoice, type SsoServices, type TokenSource } from './sso/sso-credentials.js';
import type { AwsCredentials, Locker, SecretStore } from '../kernel/ports.js';
import type { Services } from '../services/services.js';
import type { IndexedRoleSession } from './role-session/cache-entry.js';

/** Everything obtainSsoSession / ensureSsoToken need; `signIn` undefined: never start a sign-in (exit 4 with the login hint). */
export async function createSsoServices(s: Services, signIn: SignInChoice | undefined): Promise<SsoServices> {
  const [tokens, store, locker] = await Promise.all([
    s.ssoTokens(),
    s.secretStore(),
    // A sign-in may take minutes in the browser: others wait for it rather than start a second one.
    s.locker({ timeoutMs: signIn ? 11 * 60_000 : 60_000 }),
  ]);
  const { listing, ...cache } = await sessionCache(s, store, locker);
  return {
    ...cache,
    tokens,
    oidc: (region) => s.ssoOidc(region),
    portal: (region) => s.ssoPortal(region),
    async signInDeps() {
      const [{ startLoopbackRedirect }, { nodePkce }, { createRegistrationCache }] = await Promise.all([
        import('./sso/loopback-redirect.node.js'),
        import('./sso/pkce.node.js'),
        import('./sso/registration-cache.node.js'),
      ]);
      return {
        registrations: createRegistrationCache(s.paths.cacheDir),
        pkce: nodePkce,
        loopback: () => startLoopbackRedirect({ signal: s.signal() }),
        openUrl: (url) =>
          void s
            .openBrowser(url)
            .catch((error: unknown) => s.logger.debug(`browser not opened: ${(error as Error).message}`)),
        say: (line) => s.stderr.write(`${line}\n`),
        sleep: (ms) => s.sleep(ms),
      };
    },
    onStored: (account, request, session) =>
      listing.stored(account, ssoRoleId(request.sso), request, session.credentials.expiration),
  };
}

/** A usable sign-in for an sso source (cached, refreshed, or — when `signIn` allows — a new one). */
export async function ssoSignIn(
  s: Services,
  signIn: SignInChoice | undefined,
  source: SsoSigningSource,
): Promise<{ token: SsoToken; how: TokenSource }> {
  const { ensureSsoToken } = await import('./sso/sso-credentials.js');
  return ensureSsoToken(
    { sso: source.sso, loginCommand: source.loginCommand, signIn },
    await createSsoServices(s, signIn),
  );
}

/** The `sso` credential source: the permission set's role session (`refresh`: fetch a new one). */
export function ssoCredentialSource(
  s: Services,
  signIn: SignInChoice | undefined,
): (source: SsoSigningSource, options: SourceFetchOptions) => Promise<AwsCredentials> {
  let services: Promise<SsoServices> | undefined;
  return async (source, options) => {
    const { obtainSsoSession } = await import('./sso/sso-credentials.js');
    const session = await obtainSsoSession(
      {
        sso: source.sso,
        loginCommand: source.loginCommand,
        signIn,
        portalEndpoint: ssoPortalEndpoint(source.sso.region, s.env),
        forceRefresh: options.refresh,
        bundle: source.bundle,
        group: source.group,
      },
      await (services ??= createSsoServices(s, signIn)),
    );
    return session.credentials;
  };
}

/** The group role sessions' services: cache, cross-process lock, MFA prompt, listing for logout. */
export async function roleSessionServices(
  s: Services,
  canPrompt: boolean,
  loggedOutMeanwhile: () => Promise<boolean>,
): Promise<RoleSessionServices> {
  const [locker, mfa, store] = await Promise.all([s.locker(), s.mfaPrompt(canPrompt), s.secretStore()]);
  const { listing, ...cache } = await sessionCache(s, store, locker);
  return {
    ...cache,
    mfa,
    profileMfaSerial: (profile) => s.profileMfaSerial(profile),
    onStored: (account, request, session) =>
      listing.stored(account, request.roleArn, request, session.credentials.expiration),
    loggedOutMeanwhile,
    onDiscarded: (account) => listing.remove([account]),
  };
}

export interface RoleSessionListing {
  /** Lists (or re-lists) the session stored under `account`, and deletes the secrets of expired ones. */
  add(entry: IndexedRoleSession): Promise<void>;
  /** The same for a session just stored: its role (or permission set), bundle, group and expiry. */
  stored(
    account: string,
    roleArn: string,
    request: { bundle?: string | undefined; group?: string | undefined },
    expiration: Date,
  ): Promise<void>;
  /** Unlists sessions whose secrets were discarded. */
  remove(accounts: string[]): Promise<void>;
}

/** What both kinds of cached session share: the clock, the logger, the secret store, the lock, the listing. */
async function sessionCache(s: Services, store: SecretStore, locker: Locker) {
  return { clock: s.clock, logger: s.logger, store, locker, listing: await roleSessionListing(s, store) };
}

export async function roleSessionListing(s: Services, store: SecretStore): Promise<RoleSessionListing> {
  const { RoleSessionIndex } = await import('./role-session/role-session-index.node.js');
  const index = new RoleSessionIndex(s.paths.cacheDir);
  const add = async (entry: IndexedRoleSession): Promise<void> => {
    const expired = await index.add(entry, s.clock.now());
    for (const old of expired)
      await store
        .delete(old)
        .catch((error: unknown) =>
          s.logger.debug(`expired role session ${old} not deleted: ${(error as Error).message}`),
        );
  };
  return {
    add,
    stored: (account, roleArn, request, expiration) =>
      add({
        account,
        roleArn,
        ...(request.bundle ? { bundle: request.bundle } : {}),
        ...(request.group ? { group: request.group } : {}),
        expiration: expiration.toISOString(),
      }),
    remove: (accounts) => index.remove(accounts),
  };
}
