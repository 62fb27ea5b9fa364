// Where the warm path's files are: the platform's rules and the XDG directories, from the environment. The hit
// (warm-token.ts) finds its place itself, from V8's code cache; the entry (main.ts) needs only the token cache
// directory before that, because the hit's code cache lives there too, and computes it with the POSIX rules alone
// (there is no code cache on Windows), so that it compiles neither the platform table nor the other paths.
import { cacheDirOf, resolvePaths, type EksLoginPaths } from '../kernel/paths.js';
import { hasPosixModes, platformOf, posixHome, posixJoin } from '../kernel/platform.js';

export interface WarmPlace {
  paths: EksLoginPaths;
  /** kernel/platform.ts: whether modes protect files (not on Windows). */
  posixModes: boolean;
}

type Proc = Pick<NodeJS.Process, 'platform' | 'env'>;

/** undefined without a home directory: the full CLI decides then. */
export function warmPlace(proc: Proc): WarmPlace | undefined {
  const platform = platformOf(proc.platform);
  const home = platform.homeFromEnv(proc.env);
  return home ? { paths: resolvePaths(proc.env, home, platform), posixModes: platform.posixModes } : undefined;
}

/** `warmPlace(proc).paths.cacheDir` where file modes protect it (not on Windows); else undefined. */
export function warmCacheDir(proc: Proc): string | undefined {
  const home = hasPosixModes(proc.platform) ? posixHome(proc.env) : undefined;
  return home ? cacheDirOf(proc.env, () => home, posixJoin) : undefined;
}
