// Everything the warm entry (main.ts) did not answer from the token cache, bundled apart as
// dist/dispatch.cjs and required only then, so a cache hit never compiles it: a miss with environment keys
// and no role mints right here (token-lane/mint-env-keys.ts, no ESM loader), any other miss runs the same runToken
// as the full CLI (dist/token-miss.js), and every other command is the full CLI (dist/main.js).
import type { FastTokenMiss } from './token-lane/warm-token.js';
import { writeAll } from './token-lane/warm-token.js';
import { mintInFastPath } from './token-lane/mint-env-keys.js';
import { fd2 } from './infra/output-failure.js';
import { reportError } from './kernel/report-error.js';

/** Runs what the warm entry left (`miss`: a token cache miss it planned) and sets the exit code. */
export function dispatch(argv: readonly string[], miss: FastTokenMiss | undefined): void {
  void run(argv, miss).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => reportUncaught(error, argv),
  );
}

/** What escaped (stdout closed on a cache hit, a bug): one line, no stack trace. */
export function reportUncaught(error: unknown, argv: readonly string[]): void {
  process.exitCode = reportError(error, fd2, argv.includes('--debug'));
}

async function run(argv: readonly string[], miss: FastTokenMiss | undefined): Promise<number> {
  if (!miss) {
    const { main } = await import('./cli/main.js');
    return main(argv);
  }
  const { flags, request, read, paths, posixModes } = miss;
  if (request.source.source.kind === 'env' && !request.roleArn) {
    return mintInFastPath(
      request,
      read,
      process.env,
      paths.cacheDir,
      writeAll,
      { write: (text) => void process.stderr.write(text) },
      undefined,
      { posixModes },
    );
  }
  const { mintOnCacheMiss } = await import('./token-lane/token-miss.js');
  return mintOnCacheMiss(flags, request, read, process);
}
