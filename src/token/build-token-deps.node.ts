// The one builder of the token use case's GetTokenDeps. Its light part (environment keys, the token cache and
// the logout check around its writes) uses node:fs only, so the warm path's own mint (token-lane/mint-env-keys.ts)
// bundles it; the heavy parts (profiles, keychain, IAM Identity Center, role sessions, STS) come in as lazy
// functions from token/wire.ts and load only when a request needs them.
import { rmSync } from 'node:fs';
import { logoutWatch } from './cache/logout-watch.node.js';
import { readTokenCache, tokenCacheFile, type CacheFileRules } from './cache/token-cache.node.js';
import { writeTokenCache } from './cache/token-cache-writer.node.js';
import { credentialsFromEnv } from '../credentials/env-credentials.js';
import type { CredentialsDeps } from '../credentials/credentials-deps.js';
import type { GetTokenDeps } from './get-token.js';
import { InternalError } from '../kernel/errors.js';
import type { Clock, Env, Logger, Presigner } from '../kernel/ports.js';

/** What every token needs: the process facts, the cache directory and the signer (loaded on first use). */
export interface TokenDepsBase {
  env: Env;
  clock: Clock;
  logger: Logger;
  cacheDir: string;
  /** The platform's file rules (kernel/platform.ts): no mode checks where there are no modes. */
  rules?: CacheFileRules | undefined;
  presigner: () => Promise<Presigner>;
}

/**
 * `heavy` gets the logout check (true when a logout ran since these deps were built), for the role sessions
 * it stores; absent: environment keys only (the warm path's mint), where a role or profile is an internal error.
 */
export function buildTokenDeps(
  base: TokenDepsBase,
  heavy: (loggedOutMeanwhile: () => Promise<boolean>) => CredentialsDeps = () => environmentKeysOnly(base),
): GetTokenDeps {
  const { env, logger, cacheDir } = base;
  // Read before anything is fetched: a logout that runs meanwhile must not leave this token behind
  // (token/cache/logout-generation.node.ts).
  const loggedOut = logoutWatch(cacheDir);
  const ports = heavy(async () => loggedOut.changed());
  return {
    ...ports,
    env,
    clock: base.clock,
    logger,
    sources: { ...ports.sources, env: async () => credentialsFromEnv(env) },
    presigner: base.presigner,
    cache: {
      read: (key) => {
        const { entry, miss } = readTokenCache(cacheDir, key, base.rules);
        if (miss && miss !== 'absent') logger.debug(`token cache file ignored (${miss}); it will be replaced`);
        return entry;
      },
      write: async (key, entry) => {
        await writeTokenCache(cacheDir, key, entry, base.rules);
        if (loggedOut.changed()) rmSync(tokenCacheFile(cacheDir, key), { force: true });
      },
    },
  };
}

const unused = (what: string) => () =>
  Promise.reject(new InternalError(`token: ${what} is not used with environment keys`));

/** The warm path's mint: environment keys and no role, so nothing else is ever asked for. */
const environmentKeysOnly = ({ env, clock, logger }: TokenDepsBase): CredentialsDeps => ({
  env,
  clock,
  logger,
  sources: {},
  stsGateway: unused('STS'),
  secretStore: unused('the role-session cache'),
  locker: unused('the role-session lock'),
  mfa: unused('an MFA prompt'),
  profileMfaSerial: unused('an AWS profile'),
  ssoTokens: unused('IAM Identity Center'),
  ssoOidc: unused('IAM Identity Center'),
  ssoPortal: unused('IAM Identity Center'),
  signInDeps: unused('IAM Identity Center'),
});
