// The commonest cache miss, answered inside the fast path: environment keys, no role. Same getToken use
// case and the same deps builder (app/token/build-token-deps.ts) as the full CLI, without its heavy parts;
// the signer is dist/presigner.cjs (loaded with require, so no ESM loader starts).
// Everything else (profiles, keychain, roles) goes to dist/token-miss.js.
import type { CacheFileRules } from '../adapters/token-cache.js';
import { buildTokenDeps } from '../app/token/build-token-deps.js';
import { createStderrLogger } from '../report/debug-logger.js';
import { reportError } from '../report/report-error.js';
import { getToken, type CacheRead } from '../core/token/get-token.js';
import type { TokenRequest } from '../core/token/token-request.js';
import type { Env, Presigner, TextSink } from '../ports.js';

/**
 * `read` is the fast path's own cache read (a miss), handed on so the cache is not read twice.
 * `presigner` is dist/presigner.cjs in a real process; tests pass the signer directly (no CommonJS require there).
 */
export async function mintInFastPath(
  request: TokenRequest,
  read: CacheRead,
  env: Env,
  cacheDir: string,
  stdout: (text: string) => void,
  stderr: TextSink,
  presigner: () => Presigner = loadPresigner,
  rules?: CacheFileRules,
): Promise<number> {
  const deps = buildTokenDeps({
    env,
    clock: { now: () => new Date() },
    logger: createStderrLogger(stderr, false),
    cacheDir,
    ...(rules ? { rules } : {}),
    presigner: async () => presigner(),
  });
  try {
    stdout(`${(await getToken(request, deps, read)).execCredential}\n`);
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
