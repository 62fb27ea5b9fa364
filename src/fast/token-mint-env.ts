// The commonest cache miss, answered inside the fast path: environment keys, no role. Same getToken use
// case as the full CLI; the signer is dist/presigner.cjs (loaded with require, so no ESM loader starts).
// Everything else (profiles, keychain, roles) goes to dist/token-cold.js.
import { rmSync } from 'node:fs';
import { logoutWatch } from '../adapters/logout-watch.js';
import { writeTokenCache } from '../adapters/token-cache-writer.js';
import { readTokenCache, tokenCacheFile, type CacheFileRules } from '../adapters/token-cache.js';
import { createStderrLogger } from '../report/debug-logger.js';
import { reportError } from '../report/report-error.js';
import { credentialsFromEnv } from '../core/credentials/env-credentials.js';
import { getToken, type GetTokenDeps } from '../core/token/get-token.js';
import type { TokenRequest } from '../core/token/token-request.js';
import { InternalError } from '../errors.js';
import type { Env, Presigner, TextSink } from '../ports.js';

/** `presigner` is dist/presigner.cjs in a real process; tests pass the signer directly (no CommonJS require there). */
export async function mintInFastPath(request: TokenRequest, env: Env, cacheDir: string, stdout: (text: string) => void, stderr: TextSink, presigner: () => Presigner = loadPresigner, rules?: CacheFileRules): Promise<number> {
  // Read before minting: a logout that runs meanwhile must not leave this token behind (adapters/logout-generation.ts).
  const loggedOut = logoutWatch(cacheDir);
  const unused = (what: string) => () => Promise.reject(new InternalError(`fast path: ${what} is not used with environment keys`));
  const deps: GetTokenDeps = {
    env,
    clock: { now: () => new Date() },
    logger: createStderrLogger(stderr, false),
    sources: { env: async () => credentialsFromEnv(env) },
    stsGateway: unused('STS'),
    roleSessions: unused('the role-session cache'),
    presigner: async () => presigner(),
    cache: {
      read: (key) => readTokenCache(cacheDir, key, rules).entry,
      write: async (key, entry) => {
        await writeTokenCache(cacheDir, key, entry, rules);
        if (loggedOut.changed()) rmSync(tokenCacheFile(cacheDir, key), { force: true });
      },
    },
  };
  try {
    stdout(`${(await getToken(request, deps)).execCredential}\n`);
    return 0;
  } catch (error) {
    return reportError(error, stderr, false);
  }
}

/** dist/presigner.cjs sits next to dist/entry.cjs (scripts/build.mjs); `require` is entry.cjs's own. */
function loadPresigner(): Presigner {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS sibling bundle, on purpose
  return (require('./presigner.cjs') as { smithyPresigner: Presigner }).smithyPresigner;
}
