// The token cache miss that the warm path cannot mint itself (profiles, keychain, roles, IAM Identity Center):
// its own bundle, dist/token-miss.js, which the warm path imports dynamically. It runs the same runToken as
// the full CLI with the Node services and reports errors exactly as the CLI does (same message, hint and exit
// code), without loading yargs. `read` is the warm path's cache read, so the cache is not read twice.
import { reportError } from '../kernel/report-error.js';
import type { CacheRead } from '../token/get-token.js';
import type { TokenFlags, TokenRequest } from '../token/token-request.js';
import { commandSignal } from '../container/command-signal.js';
import { nodeEdges } from '../container/node-edges.js';
import { createServices } from '../container/container.js';
import { runToken } from '../token/wire.js';

export async function mintOnCacheMiss(
  flags: TokenFlags,
  request: TokenRequest,
  read: CacheRead,
  proc: NodeJS.Process,
): Promise<number> {
  // Every miss signs: start loading the signer (dist/presigner.cjs) now, alongside planning and credentials.
  void import('../token/sigv4-presigner.node.js').catch(() => undefined);
  const cancel = commandSignal(proc);
  const ctx = createServices(nodeEdges(proc, cancel));
  let code = 0;
  try {
    await runToken(flags, ctx, { request, read });
  } catch (error) {
    code = reportError(error, ctx.stderr, false);
  }
  return cancel.end(code);
}
