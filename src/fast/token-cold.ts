// A cache miss on the fast path: mint through the shared runToken with the Node context, report errors
// exactly as the full CLI does (same message, hint and exit code), still without loading yargs.
import { nodeEdges } from '../app/node-edges.js';
import { createServices } from '../app/services.js';
import { runToken } from '../app/token/run-token.js';
import { reportError } from '../report/report-error.js';
import type { TokenFlags, TokenRequest } from '../core/token/token-request.js';

export async function runColdToken(flags: TokenFlags, request: TokenRequest, proc: NodeJS.Process): Promise<number> {
  // Every miss signs: start loading the signer (dist/presigner.cjs) now, alongside planning and credentials.
  void import('../adapters/sigv4-presigner.js').catch(() => undefined);
  const ctx = createServices(nodeEdges(proc));
  try {
    await runToken(flags, ctx, request);
    return 0;
  } catch (error) {
    return reportError(error, ctx.stderr, false);
  }
}
