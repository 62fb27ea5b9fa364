// The commonest cache miss, answered inside the fast path: environment keys, no role. Same getToken use
// case as the full CLI; the signer is dist/presigner.cjs (loaded with require, so no ESM loader starts).
// Everything else (profiles, keychain, roles) goes to dist/token-cold.js.
import { writeTokenCache } from '../adapters/token-cache-writer.js';
import { readTokenCache } from '../adapters/token-cache.js';
import { createStderrLogger } from '../cli/debug-logger.js';
import { reportError } from '../cli/report-error.js';
import { getToken, type GetTokenDeps } from '../core/token/get-token.js';
import type { TokenRequest } from '../core/token/token-request.js';
import { InternalError } from '../errors.js';
import type { Env, Presigner, TextSink } from '../ports.js';

export async function mintInFastPath(request: TokenRequest, env: Env, cacheDir: string, stdout: (text: string) => void, stderr: TextSink): Promise<number> {
  const unused = (what: string) => () => Promise.reject(new InternalError(`fast path: ${what} is not used with environment keys`));
  const deps: GetTokenDeps = {
    env,
    clock: { now: () => new Date() },
    logger: createStderrLogger(stderr, false),
    sources: { fromProfile: unused('the AWS profile chain') },
    stsGateway: unused('STS'),
    roleSessions: unused('the role-session cache'),
    presigner: async () => loadPresigner(),
    cache: { read: (key) => readTokenCache(cacheDir, key).entry, write: (key, entry) => writeTokenCache(cacheDir, key, entry) },
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
