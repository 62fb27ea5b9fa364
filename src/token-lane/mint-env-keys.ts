// The commonest cache miss, answered inside the fast path: environment keys, no role. Same getToken use
// case and the same deps builder (token/build-token-deps.node.ts) as the full CLI, without its heavy parts;
// the signer is dist/presigner.cjs (loaded with require, so no ESM loader starts).
// Everything else (profiles, keychain, roles) goes to dist/token-miss.js.
import type { CacheFileRules } from '../token/cache/token-cache.node.js';
import { buildTokenDeps } from '../token/build-token-deps.node.js';
import { createStderrLogger } from '../kernel/debug-logger.js';
import { reportError } from '../kernel/report-error.js';
import { getToken, type CacheRead } from '../token/get-token.js';
import type { TokenRequest } from '../token/token-request.js';
import type { Env, Presigner, TextSink } from '../kernel/ports.js';

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

/** dist/presigner.cjs sits next to dist/dispatch.cjs (scripts/build.mjs); `require` is dispatch.cjs's own. */
function loadPresigner(): Presigner {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS sibling bundle, on purpose
  return (require('./presigner.cjs') as { smithyPresigner: Presigner }).smithyPresigner;
}
