// Process entry (bin/eks-login), bundled on its own into dist/entry.cjs: whatever it imports statically
// is loaded on every kubectl call. `token` tries the fast path (src/fast) first; everything else, and any
// token invocation the fast path does not fully understand, goes to the full CLI (dist/main.js) by
// dynamic import. CommonJS on purpose: a cache hit then never starts Node's ESM loader.
import { tryFastToken } from '../fast/token-fast.js';
import { fd2 } from '../report/output-failure.js';
import { reportError } from '../report/report-error.js';

async function start(argv: readonly string[]): Promise<number> {
  const fast = argv[0] === 'token' ? await tryFastToken(argv, process) : undefined;
  if (fast !== undefined) return fast;
  const { main } = await import('./main.js');
  return main(argv);
}

void start(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  // What escaped (stdout closed on a cache hit, a bug): one line, no stack trace.
  (error: unknown) => {
    process.exitCode = reportError(error, fd2, process.argv.includes('--debug'));
  },
);
