// Bundles the CLI with esbuild for start-up speed. tsc only type-checks (npm run typecheck).
// Builds:
// - bin/eks-login, the executable itself (not in git): src/main.ts after a shebang, which finds the token cache
//   directory and loads dist/hit.cjs (src/token-lane/warm-token.ts: the cache hit) with V8's code cache. Both
//   CommonJS files with no package code (bin/package.json says CommonJS), so a cache hit never starts the ESM
//   loader; nothing between the executable and the hit, so a hit reads and compiles one file fewer.
// - dist/dispatch.cjs: everything the hit does not answer (the mint with environment keys, error reports),
//   required by bin/eks-login only then; it reaches the rest by dynamic import('./main.js') and
//   import('./token-miss.js'), left external so they resolve next to it at run time.
// - dist/main.js (the full CLI) and dist/token-miss.js (a token cache miss the warm path cannot mint itself),
//   with shared chunks: yargs, the AWS SDK, smithy, js-yaml live only here.
// - dist/presigner.cjs: the SigV4 signer alone (see below): required by dispatch.cjs when it mints with
//   environment keys, imported by the lazy outputs.
// dist/meta.json records which inputs each output holds; a test uses it to keep the warm path lean.
// The sandbox (packages/sandbox) is built apart, into packages/sandbox/dist/sandbox.js with its worlds beside it:
// the published package ("files" in package.json) has only bin/ and dist/, so it never holds the sandbox;
// `eks-login sandbox` loads that build when it runs from a repo checkout (src/sandbox/sandbox-build.node.ts).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmod, cp, readFile, rm, writeFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  // Prefer the packages' ESM builds: smaller chunks, faster start, and named exports for dynamic import().
  mainFields: ['module', 'main'],
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  define: { __EKS_LOGIN_VERSION__: JSON.stringify(pkg.version) },
};

/** Keeps dynamic imports of separately built outputs as run-time imports of dist/<name>.js. */
const separateOutputs = (map) => ({
  name: 'separate-outputs',
  setup(b) {
    b.onResolve({ filter: /\.js$/ }, (args) => {
      const name = Object.keys(map).find((suffix) => args.path.endsWith(suffix));
      return args.kind === 'dynamic-import' && name ? { path: map[name], external: true } : undefined;
    });
  },
});
const requireBanner = {
  js: "import { createRequire as __eksCreateRequire } from 'node:module'; const require = __eksCreateRequire(import.meta.url);",
};

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
/** require('./presigner.cjs'), '../dist/dispatch.cjs' and '../dist/hit.cjs' are bundles, not source files. */
const siblingRequire = {
  name: 'sibling-require',
  setup: (b) =>
    b.onResolve({ filter: /^(\.\/|\.\.\/dist\/)(dispatch|hit|presigner)\.cjs$/ }, (args) => ({
      path: args.path,
      external: true,
    })),
};
const cjs = { ...common, format: 'cjs', outExtension: { '.js': '.cjs' } };
// The cache hit's own code, loaded by the entry with V8's code cache (src/token-lane/code-cache.ts); the cache is
// named after a hash of this file, so a cache made for another build is never offered to V8.
// Without comments: one non-ASCII character in a kept comment makes V8 hold the whole source as UTF-16.
const hit = await build({ ...cjs, entryPoints: { hit: 'src/token-lane/warm-token.ts' }, minifyWhitespace: true });
const hitHash = createHash('sha256')
  .update(await readFile(new URL('../dist/hit.cjs', import.meta.url)))
  .digest('hex')
  .slice(0, 16);
const binFile = 'bin/eks-login';
const entry = await build({
  ...cjs,
  outdir: undefined,
  outExtension: undefined,
  outfile: binFile,
  entryPoints: ['src/main.ts'],
  banner: {
    js: '#!/usr/bin/env node\n// Built by scripts/build.mjs from src/main.ts (see docs/architecture.md); not in git.',
  },
  // The one file compiled without the code cache on every hit: minified, it costs V8 less to compile.
  minify: true,
  define: { ...common.define, __EKS_LOGIN_HIT_HASH__: JSON.stringify(hitHash) },
  plugins: [siblingRequire],
});
const dispatch = await build({
  ...cjs,
  entryPoints: { dispatch: 'src/dispatch.ts' },
  plugins: [separateOutputs({ '/main.js': './main.js', '/token-miss.js': './token-miss.js' }), siblingRequire],
});
const lazy = await build({
  ...common,
  entryPoints: { main: 'src/cli/main.ts', 'token-miss': 'src/token-lane/token-miss.ts' },
  splitting: true,
  chunkNames: 'chunk-[hash]',
  plugins: [separateOutputs({ '/sigv4-presigner.node.js': './presigner.cjs' })],
  // Native module: must be resolved from node_modules at run time.
  external: ['@napi-rs/keyring'],
  // Some CommonJS dependencies call require() for Node built-ins; give ESM chunks a require.
  banner: requireBanner,
});
// The signer on its own, tree-shaken to what SignatureV4 uses: in the shared chunks it would drag in
// most of @smithy/core (chunks are split per module, not per used export), tripling a cache miss's load.
// CommonJS, so the fast path can require() it without starting the ESM loader; ESM outputs import() it.
const presigner = await build({ ...cjs, entryPoints: { presigner: 'src/token/sigv4-presigner.node.ts' } });
const meta = {
  inputs: {
    ...lazy.metafile.inputs,
    ...presigner.metafile.inputs,
    ...dispatch.metafile.inputs,
    ...hit.metafile.inputs,
    ...entry.metafile.inputs,
  },
  outputs: {
    ...lazy.metafile.outputs,
    ...presigner.metafile.outputs,
    ...dispatch.metafile.outputs,
    ...hit.metafile.outputs,
    ...entry.metafile.outputs,
  },
};
await writeFile(new URL('../dist/meta.json', import.meta.url), JSON.stringify(meta));
await chmod(new URL(`../${binFile}`, import.meta.url), 0o755);

const sandboxDist = new URL('../packages/sandbox/dist', import.meta.url);
await rm(sandboxDist, { recursive: true, force: true });
await build({
  ...common,
  outdir: 'packages/sandbox/dist',
  entryPoints: { sandbox: 'packages/sandbox/src/index.ts' },
  metafile: false,
  banner: requireBanner,
});
// The sandbox's built-in world files are data, loaded next to its bundle at run time.
await cp(
  new URL('../packages/sandbox/src/worlds', import.meta.url),
  new URL('../packages/sandbox/dist/worlds', import.meta.url),
  { recursive: true },
);
