// IAM Identity Center from the composition root: the aws-cli token cache (~/.aws/sso/cache), the
// client-registration cache, the SSO OIDC and portal clients, and the terminal side of a sign-in (loopback
// server, browser, stderr). Everything loads on first use: a cached token never loads any of it.
import type { SourceFetchOptions, SsoSigningSource } from './resolve-signing-credentials.js';
import { ssoPortalEndpoint } from './sso/endpoints.js';
import type { SsoToken } from '../kernel/sso-ports.js';
import { ssoRoleId, type SignInChoice, type SsoServices, type TokenSource } from './sso/sso-credentials.js';
import type { AwsCredentials } from '../kernel/ports.js';
import { roleSessionListing } from './role-session/role-session-listing.node.js';
import type { Services } from '../services/services.js';

/** Everything obtainSsoSession / ensureSsoToken need; `signIn` undefined: never start a sign-in (exit 4 with the login hint). */
export async function createSsoServices(s: Services, signIn: SignInChoice | undefined): Promise<SsoServices> {
  const [tokens, store, locker] = await Promise.all([
    s.ssoTokens(),
    s.secretStore(),
    // A sign-in may take minutes in the browser: others wait for it rather than start a second one.
    s.locker({ timeoutMs: signIn ? 11 * 60_000 : 60_000 }),
  ]);
  const listing = await roleSessionListing(s, store);
  return {
    clock: s.clock,
    logger: s.logger,
    store,
    locker,
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
      listing.add({
        account,
        roleArn: ssoRoleId(request.sso),
        ...(request.bundle ? { bundle: request.bundle } : {}),
        ...(request.group ? { group: request.group } : {}),
        expiration: session.credentials.expiration.toISOString(),
      }),
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
