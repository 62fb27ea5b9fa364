// Everything the warm entry (cli/entry.ts) did not answer from the token cache, bundled apart as
// dist/dispatch.cjs and required only then, so a cache hit never compiles it: a miss with environment keys
// and no role mints right here (fast/token-mint-env.ts, no ESM loader), any other miss runs the same runToken
// as the full CLI (dist/token-miss.js), and every other command is the full CLI (dist/main.js).
import type { FastTokenMiss } from '../fast/token-fast.js';
import { writeAll } from '../fast/token-fast.js';
import { mintInFastPath } from '../fast/token-mint-env.js';
import { fd2 } from '../report/output-failure.js';
import { reportError } from '../report/report-error.js';

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
    const { main } = await import('./main.js');
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
  const { mintOnCacheMiss } = await import('../app/token/token-miss.js');
  return mintOnCacheMiss(flags, request, read, process);
}
