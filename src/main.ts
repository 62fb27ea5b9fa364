// Process entry (bin/eks-login), bundled on its own into dist/entry.cjs: whatever it imports statically
// is loaded on every kubectl call, so it holds only what answers a token cache hit (src/token-lane/warm-token.ts).
// Anything else (a miss, another command, an error) requires dist/dispatch.cjs (dispatch.ts), which mints
// or loads the full CLI. CommonJS on purpose: a cache hit then never starts Node's ESM loader.
import { tryFastToken } from './token-lane/warm-token.js';

/** dist/dispatch.cjs sits next to dist/entry.cjs (scripts/build.mjs); `require` is entry.cjs's own. */
function dispatcher(): typeof import('./dispatch.js') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS sibling bundle, on purpose
  return require('./dispatch.cjs') as typeof import('./dispatch.js');
}

const argv = process.argv.slice(2);
(argv[0] === 'token' ? tryFastToken(argv, process) : Promise.resolve(undefined)).then(
  (outcome) => {
    if (outcome !== 'hit') dispatcher().dispatch(argv, outcome);
  },
  (error: unknown) => dispatcher().reportUncaught(error, argv),
);
