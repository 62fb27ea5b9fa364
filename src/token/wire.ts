// The token use case's dependencies from the composition root (services/services.ts): the heavy parts of the one
// builder (token/build-token-deps.node.ts): profile, keychain and IAM Identity Center sources, the role-session
// services (cache, lock, MFA) and STS. Adapters load on first use, so each run loads only what it needs (a
// cached token needs none of them).
import type { HttpSettings } from '../infra/http/settings.js';
import type { CredentialSources } from '../credentials/resolve-signing-credentials.js';
import { mfaNeedsTerminal } from '../credentials/role-session/mfa-needs-terminal.js';
import { readStoredAccessKey } from '../record/access-key-secret.js';
import type { SignInChoice } from '../credentials/sso/sso-credentials.js';
import type { GetTokenDeps } from './get-token.js';
import type { Services } from '../services/services.js';
import { buildTokenDeps } from './build-token-deps.node.js';

export interface TokenDepsOptions {
  /** The token's region: the SDK chain uses it for the SSO/STS calls it makes itself. */
  region: string;
  /** The HTTP layer's settings for AWS calls (proxy, CA bundle, deadlines). */
  http: HttpSettings;
  /** Whether a person can answer an MFA prompt (credentials/role-session/can-prompt.ts). */
  canPrompt: boolean;
  /** How an sso group signs in when no usable sign-in is cached; undefined: never (exit 4 with the login hint). */
  ssoSignIn?: SignInChoice | undefined;
}

export function createTokenDeps(s: Services, options: TokenDepsOptions): GetTokenDeps {
  const mfaCode = async (serial: string): Promise<string> => {
    if (!options.canPrompt) {
      throw mfaNeedsTerminal({ serial });
    }
    return (await s.mfaPrompt(true)).ask(`MFA code for ${serial}: `);
  };
  // IAM Identity Center loads only for an sso group.
  let sso: Promise<NonNullable<CredentialSources['sso']>> | undefined;
  return buildTokenDeps(
    {
      env: s.env,
      clock: s.clock,
      logger: s.logger,
      cacheDir: s.paths.cacheDir,
      rules: s.platform,
      presigner: () => s.presigner(),
    },
    (loggedOutMeanwhile) => ({
      sources: {
        // One adapter per kind of credentials/signing-source.ts SIGNING_SOURCES (environment keys: buildTokenDeps).
        profile: ({ profile, explicit }) =>
          s.profileCredentials({ profile, explicit, region: options.region, http: options.http, mfaCode }),
        keychain: async ({ bundle, accessKeyId }) => readStoredAccessKey(await s.secretStore(), bundle, accessKeyId),
        sso: async (source, fetch) =>
          (await (sso ??= import('../credentials/wire.js').then((m) => m.ssoCredentialSource(s, options.ssoSignIn))))(
            source,
            fetch,
          ),
      },
      roleSessions: async () =>
        (await import('../credentials/wire.js')).roleSessionServices(s, options.canPrompt, loggedOutMeanwhile),
      stsGateway: () => s.stsGateway(options.http),
    }),
  );
}
