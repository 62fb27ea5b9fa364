// Where the warm path's files are: the platform's rules and the XDG directories, from the environment.
// Computed by the entry (main.ts) before the hit's own code loads, because the hit's code cache lives in
// the token cache directory too.
import { resolvePaths, type EksLoginPaths } from '../kernel/paths.js';
import { platformOf } from '../kernel/platform.js';

export interface WarmPlace {
  paths: EksLoginPaths;
  /** kernel/platform.ts: whether modes protect files (not on Windows). */
  posixModes: boolean;
}

/** undefined without a home directory: the full CLI decides then. */
export function warmPlace(proc: NodeJS.Process): WarmPlace | undefined {
  const platform = platformOf(proc.platform);
  const home = platform.homeFromEnv(proc.env);
  return home ? { paths: resolvePaths(proc.env, home, platform), posixModes: platform.posixModes } : undefined;
}
