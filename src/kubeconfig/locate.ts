// Which kubeconfig files count, by kubectl's rules: --kubeconfig, else KUBECONFIG (split on ':', ';' on
// Windows), else ~/.kube/config (%USERPROFILE%\.kube\config on Windows). Reading merges them first-wins; writing picks one file (chooseTargetFile).
import type { Env, KubeconfigLocation } from '../kernel/ports.js';
import type { HomeDir } from '../kernel/paths.js';
import { platformOf, type Platform } from '../kernel/platform.js';
import { entriesOf, ENTRY_KINDS, type LoadedKubeconfig } from './model.js';

const LINUX = platformOf('linux');

/** `path` made absolute against `cwd` (`.` and `..` segments resolved) by the platform's rules. Pure. */
function absolutePath(path: string, cwd: string, platform: Platform = LINUX): string {
  return platform.absolute(path, cwd);
}

/**
 * Pure. `explicit` is --kubeconfig (already absolute). Empty KUBECONFIG items are ignored, duplicates
 * dropped; relative items are made absolute against `cwd` (when given), so what setup records still
 * names the same file when read from another directory.
 */
export function locateKubeconfig(
  env: Env,
  homeDir: HomeDir,
  explicit?: string,
  cwd?: string,
  platform: Platform = LINUX,
): KubeconfigLocation {
  if (explicit) return { paths: [cwd ? absolutePath(explicit, cwd, platform) : explicit], source: 'flag' };
  const fromEnv = (env.KUBECONFIG ?? '')
    .split(platform.listSeparator)
    .filter((p) => p !== '')
    .map((p) => (cwd ? absolutePath(p, cwd, platform) : p));
  if (fromEnv.length > 0) return { paths: [...new Set(fromEnv)], source: 'KUBECONFIG' };
  return {
    paths: [
      platform.defaultKubeconfig(platform.homeFromEnv(env) || (typeof homeDir === 'string' ? homeDir : homeDir())),
    ],
    source: 'default',
  };
}

/**
 * The file to write: the first file that already holds one of `names` (in any list), else the first file
 * of the list, created when missing (the contract: new entries go to the first file; the others stay).
 */
export function chooseTargetFile(files: LoadedKubeconfig[], names: ReadonlySet<string>): LoadedKubeconfig {
  const holding = files.find((f) => ENTRY_KINDS.some((kind) => entriesOf(f.doc, kind).some((e) => names.has(e.name))));
  const chosen = holding ?? files[0];
  if (!chosen) throw new Error('chooseTargetFile: no kubeconfig files given');
  return chosen;
}
