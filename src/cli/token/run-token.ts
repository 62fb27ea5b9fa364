// Runs `eks-login token` for given flags: plan, get the token (cache or mint), print one ExecCredential.
// Shared by the yargs command and the warm/cold fast path (src/fast), so both behave identically.
import { homeDir } from '../../adapters/home-dir.js';
import { readSetupRecord } from '../../adapters/setup-record-file.js';
import { readProfileStsSettings } from '../../adapters/aws-config-file.js';
import { httpSettingsForAws } from '../../adapters/http/settings.js';
import { resolvePaths } from '../../core/paths.js';
import { getToken, type GetTokenDeps } from '../../core/token/get-token.js';
import { planTokenRequest, type TokenFlags, type TokenRequest } from '../../core/token/token-request.js';
import type { Clock, Env, Logger, TextSink } from '../../ports.js';
import { createTokenDeps } from './token-deps.js';
import { canPrompt } from '../../core/role-session/can-prompt.js';
import { createCredentialServices } from '../credential-services.js';

export interface TokenIo {
  env: Env;
  stdout: TextSink;
  clock: Clock;
  logger: Logger;
  /** stdin and stderr are a terminal (a person runs eks-login directly). */
  isInteractiveTerminal?: boolean;
}

export async function planFromFlags(flags: TokenFlags, env: Env): Promise<TokenRequest> {
  const paths = resolvePaths(env, homeDir);
  const record = flags.bundle ? readSetupRecord(paths.setupsDir, flags.bundle) : undefined;
  return planTokenRequest({
    flags,
    env,
    record,
    profileRegion: async (profile) => (await import('../../adapters/aws-profile.js')).readProfileRegion(profile, env),
    profileSts: (profile) => readProfileStsSettings(env, profile),
  });
}

/** Plans the request and composes the use case's dependencies; shared by `token`, `whoami` and `doctor`. */
export async function prepareToken(flags: TokenFlags, io: Omit<TokenIo, 'stdout'>, planned?: TokenRequest): Promise<{ request: TokenRequest; deps: GetTokenDeps }> {
  const request = planned ?? (await planFromFlags(flags, io.env));
  if (flags.bundle && !request.record) io.logger.debug(`no setup record for bundle ${flags.bundle}; using ${request.source.reason}`);
  for (const skipped of request.source.skipped) io.logger.debug(`source skipped: ${skipped}`);
  const paths = resolvePaths(io.env, homeDir);
  const prompt = canPrompt({
    underKubectl: Boolean(io.env.KUBERNETES_EXEC_INFO?.trim()),
    execInteractive: request.execInfo.interactive,
    stdinIsTTY: Boolean(io.isInteractiveTerminal),
    stderrIsTTY: Boolean(io.isInteractiveTerminal),
  });
  // The exec plugin signs in to IAM Identity Center only where a person can finish it (never for Lens/IDEs).
  const ssoSignIn = prompt ? { flow: 'pkce' as const, openBrowser: true } : undefined;
  const credentials = createCredentialServices({ env: io.env, clock: io.clock, logger: io.logger, canPrompt: prompt, paths, ssoSignIn });
  const deps = createTokenDeps({ env: io.env, clock: io.clock, logger: io.logger, cacheDir: paths.cacheDir, region: request.region, credentials, http: httpSettingsForAws(io.env, request.profileSts) });
  return { request, deps };
}

/** Prints the ExecCredential; `planned` skips planning when the caller already did it. */
export async function runToken(flags: TokenFlags, io: TokenIo, planned?: TokenRequest): Promise<void> {
  const { request, deps } = await prepareToken(flags, io, planned);
  const result = await getToken(request, deps);
  io.stdout.write(`${result.execCredential}\n`);
}
