// IAM Identity Center sign-in, as aws-cli ≥ 2.22 does it: by default the authorization code grant with
// PKCE (S256) and a loopback redirect to http://127.0.0.1:<port>/oauth/callback, the authorize URL on the
// SSO OIDC endpoint; with --use-device-code the device authorization grant (RFC 8628: poll at the
// server's interval, +5 s on slow_down, stop at expiry). The URL (and code) always go to stderr; a
// browser is opened when one can be. Client registrations are reused until they expire. Pure.
import { CredentialsError, InterruptedError } from '../../kernel/errors.js';
import type { Clock, Logger } from '../../kernel/ports.js';
import {
  SsoOAuthError,
  type LoopbackRedirect,
  type PkceSource,
  type RegistrationCache,
  type SsoFlow,
  type SsoOidc,
  type SsoRegistration,
  type SsoToken,
} from '../../kernel/sso-ports.js';

const SSO_SCOPES = ['sso:account:access'];
const CLIENT_NAME = 'eks-login';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** The redirect URI registered; the port is chosen per sign-in (RFC 8252 §7.3). */
const REGISTERED_REDIRECT_URI = 'http://127.0.0.1/oauth/callback';
/** A registration is replaced this long before it expires. */
const REGISTRATION_MARGIN_MS = 15 * 60_000;
/** RFC 8628 §3.5: slow_down adds 5 seconds to the polling interval. */
const SLOW_DOWN_STEP_S = 5;

export interface SignInInput {
  startUrl: string;
  /** The account the sign-in is for (the group's), shown on the browser's page. */
  account?: string | undefined;
  region: string;
  flow: SsoFlow;
  /** Open the URL in a browser (false with --no-browser). */
  openBrowser: boolean;
}

export interface SignInDeps {
  clock: Clock;
  logger: Logger;
  oidc: SsoOidc;
  registrations: RegistrationCache;
  pkce: PkceSource;
  /** Starts the loopback redirect server (PKCE only). */
  loopback(): Promise<LoopbackRedirect>;
  /** Opens a URL in the default browser; never throws, never waits for the browser. */
  openUrl(url: string): void;
  /** One line for the person, on stderr. */
  say(line: string): void;
  sleep(ms: number): Promise<void>;
}

export async function signIn(input: SignInInput, deps: SignInDeps): Promise<SsoToken> {
  return input.flow === 'device' ? deviceFlow(input, deps) : pkceFlow(input, deps);
}

function registrationKey(input: SignInInput): string {
  return JSON.stringify([CLIENT_NAME, input.startUrl, input.region, SSO_SCOPES, input.flow]);
}

/** A cached registration for this (start URL, region, flow) while it has 15 minutes left, else a new one. */
async function registration(input: SignInInput, deps: SignInDeps): Promise<SsoRegistration> {
  const key = registrationKey(input);
  const cached = await deps.registrations.read(key).catch(() => undefined);
  if (cached && cached.expiresAt.getTime() - deps.clock.now().getTime() > REGISTRATION_MARGIN_MS) {
    deps.logger.debug(
      `SSO OIDC client ${cached.clientId.slice(0, 8)}… reused (registered until ${cached.expiresAt.toISOString()})`,
    );
    return cached;
  }
  const fresh = await deps.oidc.registerClient(
    input.flow === 'pkce'
      ? {
          clientName: CLIENT_NAME,
          scopes: SSO_SCOPES,
          grantTypes: ['authorization_code', 'refresh_token'],
          redirectUris: [REGISTERED_REDIRECT_URI],
          issuerUrl: input.startUrl,
        }
      : { clientName: CLIENT_NAME, scopes: SSO_SCOPES, grantTypes: [DEVICE_GRANT, 'refresh_token'] },
  );
  deps.logger.debug(`SSO OIDC client registered at ${deps.oidc.endpoint} until ${fresh.expiresAt.toISOString()}`);
  await deps.registrations
    .write(key, fresh)
    .catch((error: unknown) => deps.logger.debug(`client registration not cached: ${(error as Error).message}`));
  return fresh;
}

function show(input: SignInInput, deps: SignInDeps, url: string, waitMs: number, code?: string): void {
  deps.say(
    `Sign in to IAM Identity Center (${input.startUrl}) in a browser${input.openBrowser ? ' (opening it now)' : ''}:`,
  );
  deps.say(`  ${url}`);
  if (code) deps.say(`  and check that it shows the code: ${code}`);
  deps.say(`waiting for the browser… (Ctrl-C cancels; gives up in ${Math.max(1, Math.round(waitMs / 60_000))} min)`);
  if (input.openBrowser) deps.openUrl(url);
}

async function pkceFlow(input: SignInInput, deps: SignInDeps): Promise<SsoToken> {
  const client = await registration(input, deps);
  const server = await deps.loopback();
  try {
    const verifier = deps.pkce.verifier();
    const state = deps.pkce.state();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: server.redirectUri,
      state,
      code_challenge_method: 'S256',
      scopes: SSO_SCOPES.join(' '),
      code_challenge: deps.pkce.challenge(verifier),
    });
    show(input, deps, `${deps.oidc.endpoint}/authorize?${query.toString()}`, server.timeoutMs);
    const callback = await server.waitForCode(state, input.startUrl);
    // The browser hears "Signed in" only once CreateToken accepted its code; a refused code gets the failure page.
    const facts = { startUrl: input.startUrl, account: input.account };
    const created = await deps.oidc
      .createToken(client, {
        grantType: 'authorization_code',
        code: callback.code,
        redirectUri: server.redirectUri,
        codeVerifier: verifier,
      })
      .catch(async (error: unknown) => {
        const failure = refused(input, error);
        await callback.answer({
          kind: 'failed',
          ...facts,
          reason: failure instanceof Error ? failure.message : String(failure),
        });
        throw failure;
      });
    await callback.answer({ kind: 'signed-in', ...facts });
    return tokenOf(input, client, created, deps.clock.now());
  } finally {
    await server.close();
  }
}

async function deviceFlow(input: SignInInput, deps: SignInDeps): Promise<SsoToken> {
  const client = await registration(input, deps);
  const auth = await deps.oidc.startDeviceAuthorization(client, input.startUrl);
  show(input, deps, auth.verificationUriComplete ?? auth.verificationUri, auth.expiresInSeconds * 1000, auth.userCode);
  const deadline = deps.clock.now().getTime() + auth.expiresInSeconds * 1000;
  let intervalS = Math.max(1, auth.intervalSeconds);
  for (;;) {
    await deps.sleep(intervalS * 1000);
    try {
      const created = await deps.oidc.createToken(client, { grantType: DEVICE_GRANT, deviceCode: auth.deviceCode });
      return tokenOf(input, client, created, deps.clock.now());
    } catch (error) {
      if (!(error instanceof SsoOAuthError)) throw error;
      if (error.error === 'slow_down') {
        intervalS += SLOW_DOWN_STEP_S;
        deps.logger.debug(`SSO OIDC asked to slow down; polling every ${intervalS} s`);
      } else if (error.error !== 'authorization_pending') {
        throw refused(input, error);
      }
    }
    if (deps.clock.now().getTime() >= deadline) {
      throw new CredentialsError(
        `sign-in to ${input.startUrl} timed out: the device code was not approved within ${Math.round(auth.expiresInSeconds / 60)} minutes`,
        {
          code: 'SSO_SIGN_IN_TIMEOUT',
          hint: 'run the command again and approve the code in the browser',
        },
      );
    }
  }
}

function refused(input: SignInInput, error: unknown): unknown {
  if (!(error instanceof SsoOAuthError)) return error;
  if (error.error === 'expired_token') {
    return new CredentialsError(`sign-in to ${input.startUrl} timed out: the device code expired`, {
      code: 'SSO_SIGN_IN_TIMEOUT',
      hint: 'run the command again and approve the code sooner',
    });
  }
  return new CredentialsError(`sign-in to ${input.startUrl} was refused: ${error.error}: ${error.message}`, {
    code: 'SSO_SIGN_IN_REFUSED',
    hint: 'run the command again; if it keeps failing, check the start URL and region in the bundle with your admin',
    cause: error,
  });
}

function tokenOf(
  input: SignInInput,
  client: SsoRegistration,
  created: { accessToken: string; expiresInSeconds: number; refreshToken?: string },
  now: Date,
): SsoToken {
  return {
    startUrl: input.startUrl,
    region: input.region,
    accessToken: created.accessToken,
    expiresAt: new Date(now.getTime() + created.expiresInSeconds * 1000),
    ...(created.refreshToken ? { refreshToken: created.refreshToken } : {}),
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    registrationExpiresAt: client.expiresAt,
  };
}

/** The refresh_token grant with the client the sign-in used; no prompt, no browser. */
export async function refreshSsoToken(token: SsoToken, oidc: SsoOidc, now: () => Date): Promise<SsoToken> {
  const client: SsoRegistration = {
    clientId: token.clientId!,
    clientSecret: token.clientSecret!,
    expiresAt: token.registrationExpiresAt ?? new Date(8.64e15),
  };
  const created = await oidc.createToken(client, { grantType: 'refresh_token', refreshToken: token.refreshToken! });
  return {
    ...token,
    accessToken: created.accessToken,
    expiresAt: new Date(now().getTime() + created.expiresInSeconds * 1000),
    refreshToken: created.refreshToken ?? token.refreshToken!,
  };
}

/** Errors of the loopback wait, for adapters: cancelled (Ctrl-C) and timed out. */
export const signInCancelled = (): InterruptedError =>
  new InterruptedError('sign-in cancelled (Ctrl-C): nothing was stored', { code: 'CANCELLED' });
export const signInTimedOut = (minutes: number): CredentialsError =>
  new CredentialsError(`sign-in timed out: the browser did not come back within ${minutes} minutes`, {
    code: 'SSO_SIGN_IN_TIMEOUT',
    hint: 'run the command again and finish the sign-in in the browser',
  });
export const callbackError = (error: string, description: string | undefined): CredentialsError =>
  new CredentialsError(`sign-in was not completed in the browser: ${error}${description ? `: ${description}` : ''}`, {
    code: 'SSO_SIGN_IN_REFUSED',
    hint: 'run the command again',
  });
