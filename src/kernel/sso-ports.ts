// The ports of the IAM Identity Center sign-in (credentials/sso): the SSO OIDC service, the access portal, the
// aws-cli-compatible token cache, the client-registration cache, the loopback redirect and PKCE. Adapters
// in src/credentials/sso implement them; tests use fakes. Types only.
import type { AwsCredentials } from './ports.js';

/** What the loopback callback answers the browser with (credentials/sso/callback-page.ts renders it). */
export type CallbackPage =
  | { kind: 'signed-in'; startUrl: string; account?: string | undefined }
  | { kind: 'failed'; startUrl: string; account?: string | undefined; reason: string }
  | { kind: 'not-ours' }
  | { kind: 'not-found' };

/** A sign-in as aws-cli caches it in ~/.aws/sso/cache/<sha1 of the start URL>.json. */
export interface SsoToken {
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: Date;
  refreshToken?: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: Date;
}

export type SsoFlow = 'pkce' | 'device';

/** A registered OIDC client (RegisterClient), reused until it expires. */
export interface SsoRegistration {
  clientId: string;
  clientSecret: string;
  expiresAt: Date;
}

interface RegisterClientInput {
  clientName: string;
  scopes: string[];
  grantTypes: string[];
  redirectUris?: string[];
  issuerUrl?: string;
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresInSeconds: number;
  intervalSeconds: number;
}

export type CreateTokenInput =
  | { grantType: 'authorization_code'; code: string; redirectUri: string; codeVerifier: string }
  | { grantType: 'urn:ietf:params:oauth:grant-type:device_code'; deviceCode: string }
  | { grantType: 'refresh_token'; refreshToken: string };

export interface CreatedToken {
  accessToken: string;
  expiresInSeconds: number;
  refreshToken?: string;
}

/**
 * The OAuth errors CreateToken answers while a device grant is pending (RFC 8628 §3.5) and when a grant
 * or refresh token is refused. Adapters throw this for them; anything else is an EksLoginError.
 */
export class SsoOAuthError extends Error {
  constructor(
    readonly error:
      | 'authorization_pending'
      | 'slow_down'
      | 'expired_token'
      | 'access_denied'
      | 'invalid_grant'
      | 'invalid_client'
      | 'other',
    message: string,
  ) {
    super(message);
  }
}

/** SSO OIDC (@aws-sdk/client-sso-oidc) at one endpoint. */
export interface SsoOidc {
  /** Base URL of the OIDC endpoint; the browser's authorize URL is `<endpoint>/authorize?…`. */
  readonly endpoint: string;
  registerClient(input: RegisterClientInput): Promise<SsoRegistration>;
  startDeviceAuthorization(client: SsoRegistration, startUrl: string): Promise<DeviceAuthorization>;
  createToken(client: SsoRegistration, input: CreateTokenInput): Promise<CreatedToken>;
}

/** The AWS access portal (@aws-sdk/client-sso). */
export interface SsoPortal {
  /** UnauthorizedException (a revoked or expired token) → CredentialsError code SSO_TOKEN_REJECTED. */
  getRoleCredentials(
    accessToken: string,
    accountId: string,
    roleName: string,
  ): Promise<AwsCredentials & { expiration: Date }>;
  logout(accessToken: string): Promise<void>;
}

/** ~/.aws/sso/cache, shared with aws-cli. */
export interface SsoTokenCache {
  /** The file of a start URL (for messages). */
  pathOf(startUrl: string): string;
  /** undefined when absent or unreadable (a corrupt file is a miss). */
  read(startUrl: string): Promise<SsoToken | undefined>;
  /** Atomic, 0600. */
  write(token: SsoToken): Promise<void>;
  /** Returns whether a file was removed. */
  remove(startUrl: string): Promise<boolean>;
}

/** eks-login's own cache of OIDC client registrations, one per (start URL, region, flow). */
export interface RegistrationCache {
  read(key: string): Promise<SsoRegistration | undefined>;
  write(key: string, registration: SsoRegistration): Promise<void>;
}

/** The loopback HTTP server that receives the browser's redirect (127.0.0.1, random port). */
export interface LoopbackRedirect {
  /** http://127.0.0.1:<port>/oauth/callback */
  readonly redirectUri: string;
  /** How long waitForCode waits for the browser before it gives up. */
  readonly timeoutMs: number;
  /**
   * Resolves with the code of the first callback whose `state` matches (others are answered 400 and ignored),
   * holding that browser's request open until `answer`; rejects on an `error` callback (answered at once), on
   * Ctrl-C, or after the timeout.
   */
  waitForCode(expectedState: string, startUrl?: string): Promise<LoopbackCallback>;
  /** Stops the server; a browser still waiting for its answer gets the failure page. */
  close(): Promise<void>;
}

/** The browser's callback, waiting for its page: answered once the code exchange has an outcome. */
export interface LoopbackCallback {
  readonly code: string;
  answer(page: CallbackPage): Promise<void>;
}

/** Randomness and hashing for PKCE (RFC 7636) and `state`. */
export interface PkceSource {
  /** A fresh code verifier (43-128 characters of [A-Za-z0-9-._~]). */
  verifier(): string;
  /** BASE64URL(SHA256(verifier)) without padding. */
  challenge(verifier: string): string;
  /** An unguessable `state` value. */
  state(): string;
}
