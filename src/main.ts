// Process entry, bundled on its own into bin/eks-login itself (scripts/build.mjs writes it, minified, after the
// shebang): whatever it imports statically is loaded and compiled on every kubectl call, so it holds only the
// code cache loader and the token cache directory's rule. For `token` it loads the cache hit's code (dist/hit.cjs
// = token-lane/warm-token.ts, which finds its place and writes a fresh code cache itself) with V8's code cache
// (token-lane/code-cache.ts). Anything the hit does not answer (a miss, another command, an error) requires
// dist/dispatch.cjs (dispatch.ts), which mints or loads the full CLI. CommonJS on purpose: a cache hit then never
// starts Node's ESM loader.
import { loadWithCodeCache } from './token-lane/code-cache.js';
import type * as Hit from './token-lane/warm-token.js';
import { warmCacheDir } from './token-lane/warm-paths.js';

/** scripts/build.mjs: a hash of dist/hit.cjs, which names its code cache. */
declare const __EKS_LOGIN_HIT_HASH__: string;

/** The bundles are in dist/, beside bin/ (scripts/build.mjs); `require` is bin/eks-login's own. */
function dispatcher(): typeof import('./dispatch.js') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS sibling bundle, on purpose
  return require('../dist/dispatch.cjs') as typeof import('./dispatch.js');
}

const argv = process.argv.slice(2);
if (argv[0] !== 'token') {
  dispatcher().dispatch(argv, undefined);
} else {
  // No code cache on Windows: without file modes its privacy could not be checked; a plain require there, and
  // without a home or a token cache directory yet (then no hit either).
  const cacheDir = warmCacheDir(process);
  const cacheFile = cacheDir && `${cacheDir}/code-${__EKS_LOGIN_HIT_HASH__}.bin`;
  const hit = (cacheFile && loadWithCodeCache<typeof Hit>(`${__dirname}/../dist/hit.cjs`, cacheFile, require)) || {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS sibling bundle, on purpose
    exports: require('../dist/hit.cjs') as typeof Hit,
    cache: 'used' as const,
  };
  hit.exports.tryFastToken(argv, process).then(
    (outcome) => {
      if (outcome !== 'hit') dispatcher().dispatch(argv, outcome);
      else if (cacheFile && 'stamp' in hit && hit.cache !== 'used') {
        hit.exports.saveCodeCache(cacheFile, hit.createCachedData(), hit.stamp);
      }
    },
    (error: unknown) => dispatcher().reportUncaught(error, argv),
  );
}
