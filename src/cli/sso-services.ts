// Composition of IAM Identity Center for a real process: the aws-cli token cache (~/.aws/sso/cache), the
// client-registration cache, the SSO OIDC and portal SDK clients at the endpoints core/sso/endpoints.ts
// chose, and the terminal side of a sign-in (loopback server, browser, stderr). Everything is loaded on
// first use: a cached token never loads any of it.
import { homedir } from 'node:os';
import type { ResolveOptions, SsoSigningSource } from '../core/credentials/resolve-signing-credentials.js';
import type { EksLoginPaths } from '../core/paths.js';
import { ssoOidcEndpoint, ssoPortalEndpoint } from '../core/sso/endpoints.js';
import type { SsoOidc, SsoPortal, SsoToken, SsoTokenCache } from '../core/sso/ports.js';
import { ssoRoleId, type SignInChoice, type SsoServices, type TokenSource } from '../core/sso/sso-credentials.js';
import type { AwsCredentials, Clock, Env, Logger, SecretStore } from '../ports.js';

export interface SsoContext {
  env: Env;
  clock: Clock;
  logger: Logger;
  paths: EksLoginPaths;
  /** How to sign in when no usable sign-in is cached; undefined: never (exit 4 with the login hint). */
  signIn?: SignInChoice | undefined;
  /** Lines for the person (the sign-in URL and code), on stderr. */
  say(line: string): void;
  secretStore(): Promise<SecretStore>;
}

export const ssoHome = (env: Env): string => env.HOME || homedir();

export async function ssoTokenCache(env: Env): Promise<SsoTokenCache> {
  return (await import('../adapters/sso/sso-token-file.js')).createSsoTokenCache(ssoHome(env));
}

export async function ssoOidcClient(region: string, env: Env, logger: Logger): Promise<SsoOidc> {
  const [{ createSsoOidc }, { sdkClientOptions }] = await Promise.all([import('../adapters/sso/sso-oidc-client.js'), import('../adapters/sso/sdk-options.js')]);
  return createSsoOidc(region, ssoOidcEndpoint(region, env), sdkClientOptions(env, logger));
}

export async function ssoPortalClient(region: string, env: Env, logger: Logger): Promise<SsoPortal> {
  const [{ createSsoPortal }, { sdkClientOptions }] = await Promise.all([import('../adapters/sso/sso-portal-client.js'), import('../adapters/sso/sdk-options.js')]);
  return createSsoPortal(region, ssoPortalEndpoint(region, env), sdkClientOptions(env, logger));
}

/** Everything obtainSsoSession / ensureSsoToken need, built once. */
export async function createSsoServices(ctx: SsoContext): Promise<SsoServices> {
  const [{ FileLocker }, { RoleSessionIndex }, tokens, store] = await Promise.all([
    import('../adapters/file-lock.js'),
    import('../adapters/role-session-index.js'),
    ssoTokenCache(ctx.env),
    ctx.secretStore(),
  ]);
  const index = new RoleSessionIndex(ctx.paths.cacheDir);
  return {
    clock: ctx.clock,
    logger: ctx.logger,
    store,
    // A sign-in may take minutes in the browser: others wait for it rather than start a second one.
    locker: new FileLocker(`${ctx.paths.cacheDir}/locks`, { logger: ctx.logger, timeoutMs: ctx.signIn ? 11 * 60_000 : 60_000 }),
    tokens,
    oidc: (region) => ssoOidcClient(region, ctx.env, ctx.logger),
    portal: (region) => ssoPortalClient(region, ctx.env, ctx.logger),
    async signInDeps() {
      const [{ startLoopbackRedirect }, { nodePkce }, { openBrowser }, { createRegistrationCache }] = await Promise.all([
        import('../adapters/sso/loopback-redirect.js'),
        import('../adapters/sso/pkce.js'),
        import('../adapters/open-browser.js'),
        import('../adapters/sso/registration-cache.js'),
      ]);
      return {
        registrations: createRegistrationCache(ctx.paths.cacheDir),
        pkce: nodePkce,
        loopback: () => startLoopbackRedirect(),
        openUrl: (url) => openBrowser(url, ctx.env, (line) => ctx.logger.debug(line)),
        say: ctx.say,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      };
    },
    onStored: async (account, request, session) =>
      void (await index.add({
        account,
        roleArn: ssoRoleId(request.sso),
        ...(request.bundle ? { bundle: request.bundle } : {}),
        ...(request.group ? { group: request.group } : {}),
        expiration: session.credentials.expiration.toISOString(),
      })),
  };
}

/** A usable sign-in for an sso source (cached, refreshed, or — when ctx.signIn allows — a new one). */
export function ssoSignInSource(ctx: SsoContext): (source: SsoSigningSource) => Promise<{ token: SsoToken; how: TokenSource }> {
  let services: Promise<SsoServices> | undefined;
  return async (source) => {
    const { ensureSsoToken } = await import('../core/sso/sso-credentials.js');
    return ensureSsoToken({ sso: source.sso, loginCommand: source.loginCommand, signIn: ctx.signIn }, await (services ??= createSsoServices(ctx)));
  };
}

/** The `fromSso` credential source of the token use case. */
export function ssoCredentialSource(ctx: SsoContext): (source: SsoSigningSource, options: ResolveOptions) => Promise<AwsCredentials> {
  let services: Promise<SsoServices> | undefined;
  return async (source, options) => {
    const { obtainSsoSession } = await import('../core/sso/sso-credentials.js');
    const session = await obtainSsoSession(
      {
        sso: source.sso,
        loginCommand: source.loginCommand,
        signIn: ctx.signIn,
        portalEndpoint: ssoPortalEndpoint(source.sso.region, ctx.env),
        forceRefresh: options.forceRefresh,
        bundle: source.bundle,
        group: source.group,
      },
      await (services ??= createSsoServices(ctx)),
    );
    return session.credentials;
  };
}
