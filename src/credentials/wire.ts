// credentials' composition: the one port of credentials/ (credentials/credentials-deps.ts) from the services: the
// role sessions' cache, cross-process lock and MFA prompt, the `sso` provider, IAM Identity Center (the aws-cli
// token cache ~/.aws/sso/cache, the client-registration cache, the SSO OIDC and portal clients, and the terminal
// side of a sign-in: loopback server, browser, stderr), and the listing of every cached session for `logout`
// (credentials/role-session/role-session-index.node.ts), the same for both kinds: listed with the caller's clock,
// and the sessions the listing drops because they expired leave the secret store too (once dropped from the
// index, nothing would find their secrets again). Everything loads on first use: a cached token never loads any
// of it.
import type { SsoSigningSource } from './resolve-signing-credentials.js';
import { ssoPortalEndpoint } from './sso/endpoints.js';
import type { SsoToken } from '../kernel/sso-ports.js';
import type { SignInChoice, TokenSource } from './sso/sso-credentials.js';
import type { AwsCredentials, SecretStore } from '../kernel/ports.js';
import type { HttpSettings } from '../infra/http/settings.js';
import type { Services } from '../services/services.js';
import type { IndexedRoleSession } from './role-session/cache-entry.js';
import type { CredentialsDeps, FetchOptions, SessionListing, SourceProviders } from './credentials-deps.js';

export interface CredentialsOptions {
  /** Whether a person can answer an MFA prompt (credentials/role-session/can-prompt.ts); default: no. */
  canPrompt?: boolean | undefined;
  /** How an sso group signs in when no usable sign-in is cached; undefined: never (exit 4 with the login hint). */
  signIn?: SignInChoice | undefined;
  /** The providers of the other kinds (profile, keychain, env), from the command's composition. */
  sources?: Omit<SourceProviders, 'sso'> | undefined;
  /** The HTTP settings of STS calls; default: the active profile's. */
  http?: HttpSettings | undefined;
  /** The logout check of a role session just stored (token/cache/logout-generation.node.ts). */
  loggedOutMeanwhile?: (() => Promise<boolean>) | undefined;
}

/** The one credentials port from the services: every member loads on first use. */
export function credentialsDeps(s: Services, options: CredentialsOptions = {}): CredentialsDeps {
  let listing: Promise<SessionListing> | undefined;
  const deps: CredentialsDeps = {
    env: s.env,
    clock: s.clock,
    logger: s.logger,
    sources: {
      ...options.sources,
      sso: async (source, fetch) => (await ssoSession(deps, options.signIn, source, fetch)).credentials,
    },
    stsGateway: () => s.stsGateway(options.http ?? s.awsHttpForProfile()),
    secretStore: () => s.secretStore(),
    locker: (lock) => s.locker(lock),
    mfa: () => s.mfaPrompt(Boolean(options.canPrompt)),
    profileMfaSerial: (profile) => s.profileMfaSerial(profile),
    listing: () => (listing ??= s.secretStore().then((store) => roleSessionListing(s, store))),
    ...(options.loggedOutMeanwhile ? { loggedOutMeanwhile: options.loggedOutMeanwhile } : {}),
    ssoTokens: () => s.ssoTokens(),
    ssoOidc: (region) => s.ssoOidc(region),
    ssoPortal: (region) => s.ssoPortal(region),
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
  };
  return deps;
}

/** The `sso` provider: the permission set's role session (`refresh`: GetRoleCredentials again). */
async function ssoSession(
  deps: CredentialsDeps,
  signIn: SignInChoice | undefined,
  source: SsoSigningSource,
  fetch: FetchOptions,
) {
  const { obtainSsoSession } = await import('./sso/sso-credentials.js');
  return obtainSsoSession(
    {
      sso: source.sso,
      loginCommand: source.loginCommand,
      signIn,
      portalEndpoint: ssoPortalEndpoint(source.sso.region, deps.env),
      forceRefresh: fetch.refresh,
      bundle: source.bundle,
      group: source.group,
    },
    deps,
  );
}

/** An sso group's credentials outside the token path (setup checks them); `signIn`: how to sign in when needed. */
export async function ssoCredentials(
  s: Services,
  signIn: SignInChoice | undefined,
  source: SsoSigningSource,
): Promise<AwsCredentials> {
  return (await ssoSession(credentialsDeps(s, { signIn }), signIn, source, { refresh: false })).credentials;
}

/** A usable sign-in for an sso source (cached, refreshed, or — when `signIn` allows — a new one). */
export async function ssoSignIn(
  s: Services,
  signIn: SignInChoice | undefined,
  source: SsoSigningSource,
): Promise<{ token: SsoToken; how: TokenSource }> {
  const { ensureSsoToken } = await import('./sso/sso-credentials.js');
  return ensureSsoToken({ sso: source.sso, loginCommand: source.loginCommand, signIn }, credentialsDeps(s, { signIn }));
}

/**
 * The listing of both kinds of cached session for logout: listed with the services' clock, and the sessions a
 * listing drops because they expired leave the secret store too.
 */
async function roleSessionListing(s: Services, store: SecretStore): Promise<SessionListing> {
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
