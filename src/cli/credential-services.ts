// Composition of the credential adapters for a real process: the secret store (EKS_LOGIN_KEYRING), the
// cross-process lock, the role-session index, the MFA prompt and the keychain source. Everything is built
// on first use, so a cached token never loads the keychain binding.
import { homeDir } from '../adapters/home-dir.js';
import { resolvePaths, type EksLoginPaths } from '../core/paths.js';
import type { ResolveOptions, RoleSessionServices, SsoSigningSource } from '../core/credentials/resolve-signing-credentials.js';
import type { SsoToken } from '../core/sso/ports.js';
import type { SignInChoice, TokenSource } from '../core/sso/sso-credentials.js';
import type { SsoContext } from './sso-services.js';
import { readStoredAccessKey } from '../core/setup/access-key-secret.js';
import { mfaNeedsTerminal } from '../core/role-session/mfa-needs-terminal.js';
import type { AwsCredentials, Clock, Env, Logger, SecretStore } from '../ports.js';

export interface CredentialServicesContext {
  env: Env;
  clock: Clock;
  logger: Logger;
  /** Whether a person can answer an MFA prompt (see adapters/terminal-mfa-prompt.ts canPrompt). */
  canPrompt: boolean;
  paths?: EksLoginPaths;
  /** How an sso group signs in when no usable sign-in is cached; undefined: never (exit 4 with the login hint). */
  ssoSignIn?: SignInChoice | undefined;
  /** Lines for the person during a sign-in (URL, code), on stderr; default: process.stderr. */
  say?: (line: string) => void;
}

export interface CredentialServices {
  paths: EksLoginPaths;
  secretStore(): Promise<SecretStore>;
  fromKeychain(bundle: string, accessKeyId: string): Promise<AwsCredentials>;
  /** The permission-set role session of an sso group (cli/sso-services.ts). */
  fromSso(source: SsoSigningSource, options: ResolveOptions): Promise<AwsCredentials>;
  /** A usable IAM Identity Center sign-in for the source (login: signs in when there is none). */
  ssoSignIn(source: SsoSigningSource): Promise<{ token: SsoToken; how: TokenSource }>;
  roleSessions(): Promise<RoleSessionServices>;
  /** Answers the AWS SDK's MFA question for an assume-role profile with mfa_serial. */
  mfaCode(serial: string): Promise<string>;
  /** True when a `logout` ran since these services were made: what this process fetched must not be kept. */
  loggedOutSinceStart(): Promise<boolean>;
}

export function createCredentialServices(ctx: CredentialServicesContext): CredentialServices {
  const paths = ctx.paths ?? resolvePaths(ctx.env, homeDir);
  let store: Promise<SecretStore> | undefined;
  const secretStore = (): Promise<SecretStore> =>
    (store ??= import('../adapters/secrets/create-secret-store.js').then((m) => m.createSecretStore({ env: ctx.env, secretsFile: paths.secretsFile, logger: ctx.logger })));
  let fromSso: CredentialServices['fromSso'] | undefined;
  let ssoSignIn: CredentialServices['ssoSignIn'] | undefined;
  const ssoContext = (): SsoContext => ({
    env: ctx.env,
    clock: ctx.clock,
    logger: ctx.logger,
    paths,
    signIn: ctx.ssoSignIn,
    say: ctx.say ?? ((line: string) => void process.stderr.write(`${line}\n`)),
    secretStore,
  });
  const prompt = async () => new (await import('../adapters/terminal-mfa-prompt.js')).TerminalMfaPrompt(ctx.canPrompt);
  // Read before any refresh starts (see adapters/logout-generation.ts).
  const logoutSeen = import('../adapters/logout-generation.js').then((m) => m.logoutWatch(paths.cacheDir));
  const loggedOutSinceStart = async (): Promise<boolean> => (await logoutSeen).changed();
  return {
    paths,
    loggedOutSinceStart,
    secretStore,
    fromKeychain: async (bundle, accessKeyId) => readStoredAccessKey(await secretStore(), bundle, accessKeyId),
    async fromSso(source, options) {
      fromSso ??= (await import('./sso-services.js')).ssoCredentialSource(ssoContext());
      return fromSso(source, options);
    },
    async ssoSignIn(source) {
      ssoSignIn ??= (await import('./sso-services.js')).ssoSignInSource(ssoContext());
      return ssoSignIn(source);
    },
    mfaCode: async (serial) => {
      if (!ctx.canPrompt) {
        throw mfaNeedsTerminal({ serial });
      }
      return (await prompt()).ask(`MFA code for ${serial}: `);
    },
    async roleSessions() {
      const [{ FileLocker }, { RoleSessionIndex }, { readProfileMfaSerial }, mfa] = await Promise.all([
        import('../adapters/file-lock.js'),
        import('../adapters/role-session-index.js'),
        import('../adapters/aws-profile.js'),
        prompt(),
      ]);
      const index = new RoleSessionIndex(paths.cacheDir);
      const store = await secretStore();
      return {
        clock: ctx.clock,
        logger: ctx.logger,
        store,
        locker: new FileLocker(`${paths.cacheDir}/locks`, { logger: ctx.logger }),
        mfa,
        profileMfaSerial: (profile) => readProfileMfaSerial(profile, ctx.env),
        onStored: async (account, request, session) => {
          const expired = await index.add(
            {
              account,
              roleArn: request.roleArn,
              ...(request.bundle ? { bundle: request.bundle } : {}),
              ...(request.group ? { group: request.group } : {}),
              expiration: session.credentials.expiration.toISOString(),
            },
            ctx.clock.now(),
          );
          // Sessions that expired leave the index, so their (useless) secrets leave the store too.
          for (const old of expired) await store.delete(old).catch((error: unknown) => ctx.logger.debug(`expired role session ${old} not deleted: ${(error as Error).message}`));
        },
        loggedOutMeanwhile: loggedOutSinceStart,
        onDiscarded: (account) => index.remove([account]),
      };
    },
  };
}
