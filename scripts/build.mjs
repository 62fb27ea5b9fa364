// Bundles the CLI with esbuild for start-up speed. tsc only type-checks (npm run typecheck).
// dist/entry.js is what bin/eks-login loads: it holds the warm token path and nothing heavy;
// everything else (yargs, the AWS SDK, js-yaml) sits in chunks loaded by dynamic import().
// dist/meta.json records which inputs each output holds; a test uses it to keep the warm path lean.
import { build } from 'esbuild';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
const result = await build({
  entryPoints: { entry: 'src/cli/entry.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // Prefer the packages' ESM builds: smaller chunks, faster start, and named exports for dynamic import().
  mainFields: ['module', 'main'],
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // Native module: must be resolved from node_modules at run time.
  external: ['@napi-rs/keyring'],
  define: { __EKS_LOGIN_VERSION__: JSON.stringify(pkg.version) },
  // Some CommonJS dependencies call require() for Node built-ins; give ESM chunks a require.
  banner: { js: "import { createRequire as __eksCreateRequire } from 'node:module'; const require = __eksCreateRequire(import.meta.url);" },
});
await writeFile(new URL('../dist/meta.json', import.meta.url), JSON.stringify(result.metafile));
// The sandbox's built-in world files are data, loaded next to the bundle at run time.
await cp(new URL('../src/sandbox/worlds', import.meta.url), new URL('../dist/worlds', import.meta.url), { recursive: true });
