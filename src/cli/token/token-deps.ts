// Composition of the token use case's dependencies for a real process. Adapters are imported lazily so
// each run loads only what it uses (a cached token needs none of them; env keys need only the signer).
import { rm } from 'node:fs/promises';
import { readTokenCache, tokenCacheFile } from '../../adapters/token-cache.js';
import { writeTokenCache } from '../../adapters/token-cache-writer.js';
import type { HttpSettings } from '../../adapters/http/settings.js';
import type { GetTokenDeps } from '../../core/token/get-token.js';
import type { Clock, Env, Logger } from '../../ports.js';
import type { CredentialServices } from '../credential-services.js';

export interface TokenDepsContext {
  env: Env;
  clock: Clock;
  logger: Logger;
  cacheDir: string;
  /** The token's region: the SDK chain uses it for SSO/STS calls it makes itself. */
  region: string;
  /** Keychain, role-session cache, lock and MFA prompt (cli/credential-services.ts). */
  credentials: CredentialServices;
  /** The HTTP layer's settings for AWS calls (proxy, CA bundle, deadlines). */
  http: HttpSettings;
}

export function createTokenDeps(ctx: TokenDepsContext): GetTokenDeps {
  const { logger } = ctx;
  return {
    env: ctx.env,
    clock: ctx.clock,
    logger,
    sources: {
      fromProfile: async (profile, explicit) =>
        (await import('../../adapters/aws-credential-chain.js')).fromProfileChain(profile, explicit, ctx.region, logger, ctx.credentials.mfaCode, ctx.http, ctx.env),
      fromKeychain: ctx.credentials.fromKeychain,
      fromSso: ctx.credentials.fromSso,
    },
    roleSessions: ctx.credentials.roleSessions,
    stsGateway: async () => (await import('../../adapters/sts-gateway.js')).createStsGateway({ logger, http: ctx.http }),
    presigner: async () => (await import('../../adapters/sigv4-presigner.js')).smithyPresigner,
    cache: {
      read: (key) => {
        const { entry, miss } = readTokenCache(ctx.cacheDir, key);
        if (miss && miss !== 'absent') logger.debug(`token cache file ignored (${miss}); it will be replaced`);
        return entry;
      },
      write: async (key, entry) => {
        await writeTokenCache(ctx.cacheDir, key, entry);
        // A logout that ran meanwhile must not leave this token behind (adapters/logout-generation.ts).
        if (await ctx.credentials.loggedOutSinceStart()) await rm(tokenCacheFile(ctx.cacheDir, key), { force: true });
      },
    },
  };
}
