// Runs `eks-login token` for given flags: plan, get the token (cache or mint), print one ExecCredential.
// Shared by the yargs command and the warm path's cache miss (token-lane/token-miss.ts), so both behave identically.
import { readSetupRecord } from '../record/setup-record-file.node.js';
import { canPrompt } from '../credentials/role-session/can-prompt.js';
import { getToken, type CacheRead, type GetTokenDeps } from './get-token.js';
import { planTokenRequest, type TokenFlags, type TokenRequest } from './token-request.js';
import type { Services } from '../services/services.js';
import { createTokenDeps } from './wire.js';

export async function planFromFlags(flags: TokenFlags, s: Services): Promise<TokenRequest> {
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

/** Prints the ExecCredential; `planned`: the warm path already planned the request and read the cache (a miss). */
export async function runToken(
  flags: TokenFlags,
  s: Services,
  planned?: { request: TokenRequest; read: CacheRead },
): Promise<void> {
  const { request, deps } = await prepareToken(flags, s, planned?.request);
  const result = await getToken(request, deps, planned?.read);
  s.stdout.write(`${result.execCredential}\n`);
}
