// token's composition: `eks-login token` for given flags (plan, get the token from the cache or mint it, print
// one ExecCredential), prepareToken for whoami, doctor and admin, and the use case's dependencies from the
// services: the heavy parts of the one builder (token/build-token-deps.node.ts): profile, keychain and IAM
// Identity Center sources, the role sessions' cache, lock and MFA, and STS (credentials/wire.ts credentialsDeps).
// Adapters load on first use, so each run loads only what it needs (a cached token needs none of them).
import type { HttpSettings } from '../infra/http/settings.js';
import { credentialsDeps } from '../credentials/wire.js';
import { mfaNeedsTerminal } from '../credentials/role-session/mfa-needs-terminal.js';
import { readStoredAccessKey } from '../record/access-key-secret.js';
import type { SignInChoice } from '../credentials/sso/sso-credentials.js';
import { readSetupRecord } from '../record/setup-record-file.node.js';
import { canPrompt } from '../credentials/role-session/can-prompt.js';
import { getToken, type CacheRead, type GetTokenDeps } from './get-token.js';
import { planTokenRequest, type TokenFlags, type TokenRequest } from './token-request.js';
import type { Services } from '../services/services.js';
import type { Write } from '../kernel/write.js';
import { buildTokenDeps } from './build-token-deps.node.js';

async function planFromFlags(flags: TokenFlags, s: Services): Promise<TokenRequest> {
  const record = flags.bundle ? readSetupRecord(s.paths.setupsDir, flags.bundle) : undefined;
  return planTokenRequest({
    flags,
    env: s.env,
    record,
    profileRegion: (profile) => s.profileRegion(profile),
    profileSts: (profile) => s.profileSts(profile),
  });
}

/**
 * Plans the request and composes the use case's dependencies; shared by `token`, `whoami`, `doctor` and `admin`.
 * `signIn: false`: never start an IAM Identity Center sign-in, even on a terminal (whoami and doctor diagnose;
 * a missing sign-in is exit 4 with the `eks-login login <context>` hint).
 */
export async function prepareToken(
  flags: TokenFlags,
  s: Services,
  planned?: TokenRequest,
  options: { signIn?: boolean } = {},
): Promise<{ request: TokenRequest; deps: GetTokenDeps }> {
  const request = planned ?? (await planFromFlags(flags, s));
  if (flags.bundle && !request.record)
    s.logger.debug(`no setup record for bundle ${flags.bundle}; using ${request.source.reason}`);
  for (const skipped of request.source.skipped) s.logger.debug(`source skipped: ${skipped}`);
  const prompt = canPrompt({
    underKubectl: Boolean(s.env.KUBERNETES_EXEC_INFO?.trim()),
    execInteractive: request.execInfo.interactive,
    stdinIsTTY: s.isInteractiveTerminal,
    stderrIsTTY: s.isInteractiveTerminal,
  });
  // The exec plugin signs in to IAM Identity Center only where a person can finish it (never for Lens/IDEs).
  const ssoSignIn = prompt && options.signIn !== false ? { flow: 'pkce' as const, openBrowser: true } : undefined;
  const deps = createTokenDeps(s, {
    region: request.region,
    http: s.awsHttp(request.profileSts),
    canPrompt: prompt,
    ssoSignIn,
  });
  return { request, deps };
}

/**
 * `eks-login token`: the one ExecCredential line to print, from the cache or minted; `planned`: the warm path
 * already planned the request and read the cache (a miss).
 */
export async function mintToken(
  flags: TokenFlags,
  s: Services,
  planned?: { request: TokenRequest; read: CacheRead },
): Promise<Write[]> {
  const { request, deps } = await prepareToken(flags, s, planned?.request);
  const result = await getToken(request, deps, planned?.read);
  return [{ to: 'stdout', text: `${result.execCredential}\n` }];
}

/** The same, printed: the token lane's miss (token-lane/token-miss.ts) runs it without the CLI. */
export async function runToken(
  flags: TokenFlags,
  s: Services,
  planned?: { request: TokenRequest; read: CacheRead },
): Promise<void> {
  for (const { to, text } of await mintToken(flags, s, planned)) s[to].write(text);
}

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
  return buildTokenDeps(
    {
      env: s.env,
      clock: s.clock,
      logger: s.logger,
      cacheDir: s.paths.cacheDir,
      rules: s.platform,
      presigner: () => s.presigner(),
    },
    (loggedOutMeanwhile) =>
      credentialsDeps(s, {
        canPrompt: options.canPrompt,
        signIn: options.ssoSignIn,
        http: options.http,
        loggedOutMeanwhile,
        // One provider per kind of credentials/signing-source.ts SIGNING_SOURCES (environment keys:
        // buildTokenDeps; IAM Identity Center, which loads only for an sso group: credentials/wire.ts).
        sources: {
          profile: ({ profile, explicit }) =>
            s.profileCredentials({ profile, explicit, region: options.region, http: options.http, mfaCode }),
          keychain: async ({ bundle, accessKeyId }) => readStoredAccessKey(await s.secretStore(), bundle, accessKeyId),
        },
      }),
  );
}

// The one argv table (token/token-argv.ts), for the yargs definition of `eks-login token`.
export { dashed, TOKEN_CACHE_FLAG, TOKEN_OUTPUT_FLAG, TOKEN_VALUE_FLAGS, withClusterName } from './token-argv.js';
