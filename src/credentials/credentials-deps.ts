// The one provider type of credentials/ and its one port. A provider fetches credentials (or a session) when
// asked; `refresh` asks for new ones rather than a cached set. The sources of SIGNING_SOURCES
// (credentials/signing-source.ts) are providers, the group role session is a provider over its source's, and the
// wrappers of credentials/cached-session.ts (`cachedSession`, `withLock`) make a provider single-flight behind
// the role-session cache. `CredentialsDeps` is everything a provider may use; each member loads on first use (a
// cached token builds none of them) and each function takes the members it reads. Types only.
import type {
  AwsCredentials,
  Clock,
  Env,
  Locker,
  Logger,
  MfaPrompt,
  SecretStore,
  StsGateway,
} from '../kernel/ports.js';
import type { SsoOidc, SsoPortal, SsoTokenCache } from '../kernel/sso-ports.js';
import type { SigningSource } from './signing-source.js';
import type { SignInDeps } from './sso/sign-in.js';

/** `refresh`: STS said the credentials expired (or login --force): fetch new ones rather than reuse a cached set. */
export interface FetchOptions {
  refresh: boolean;
}

/** The one provider type: credentials (or a session, `T`) on demand. Failures are EksLoginError subclasses. */
export type CredentialProvider<T = AwsCredentials> = (options: FetchOptions) => Promise<T>;

/**
 * One provider per kind of SIGNING_SOURCES, for the planned source of that kind, e.g. `profile` (the AWS SDK
 * chain), `keychain` (the key setup stored), `sso` (the permission set), `env`. A kind without one fails with
 * exit 4 naming it.
 */
export type SourceProviders = {
  [K in SigningSource['kind']]?: (
    source: Extract<SigningSource, { kind: K }>,
    options: FetchOptions,
  ) => Promise<AwsCredentials>;
};

/** The listing of cached sessions for `logout` (credentials/role-session/role-session-index.node.ts). */
export interface SessionListing {
  /** Lists the session just stored under `account`: its role (or permission set), bundle, group and expiry. */
  stored(
    account: string,
    roleArn: string,
    labels: { bundle?: string | undefined; group?: string | undefined },
    expiration: Date,
  ): Promise<void>;
  /** Unlists sessions whose secrets were discarded. */
  remove(accounts: string[]): Promise<void>;
}

export interface CredentialsDeps {
  env: Env;
  clock: Clock;
  logger: Logger;
  sources: SourceProviders;
  /** STS: loaded only when a role is assumed. */
  stsGateway(): Promise<StsGateway>;
  /** The role-session cache (the secret store). */
  secretStore(): Promise<SecretStore>;
  /** The cross-process lock; `timeoutMs`: how long to wait for another holder (default 60 s). */
  locker(options?: { timeoutMs?: number }): Promise<Locker>;
  /** The MFA prompt (answers only where a person can). */
  mfa(): Promise<MfaPrompt>;
  /** mfa_serial of an AWS profile, when it has one. */
  profileMfaSerial(profile: string): Promise<string | undefined>;
  /** The session index for logout; absent: sessions are not listed. */
  listing?: (() => Promise<SessionListing>) | undefined;
  /** After a new session was stored: true when a logout ran meanwhile (the session is then not kept). */
  loggedOutMeanwhile?: (() => Promise<boolean>) | undefined;
  /** IAM Identity Center: the aws-cli token cache, the OIDC and portal clients of a region. */
  ssoTokens(): Promise<SsoTokenCache>;
  ssoOidc(region: string): Promise<SsoOidc>;
  ssoPortal(region: string): Promise<SsoPortal>;
  /** The sign-in's terminal side (loopback, browser, stderr, PKCE); built only when a sign-in starts. */
  signInDeps(): Promise<Omit<SignInDeps, 'oidc' | 'clock' | 'logger'>>;
}
