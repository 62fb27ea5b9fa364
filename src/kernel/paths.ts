// Where eks-login keeps its files, from the environment (XDG base directories on every platform).
import type { Env } from './ports.js';
import { platformOf, type Platform } from './platform.js';

/** Keychain service name for every secret eks-login stores. */
export const KEYCHAIN_SERVICE = 'eks-login';

export interface EksLoginPaths {
  /** $XDG_CONFIG_HOME/eks-login (default ~/.config/eks-login): setup records, no secrets. 0700. */
  configDir: string;
  /** <configDir>/bundles/<bundle name>.json: what `setup` recorded for a bundle. */
  setupsDir: string;
  /** <configDir>/secrets.json: the 0600 file-store fallback when no keychain is usable. */
  secretsFile: string;
  /** $XDG_CACHE_HOME/eks-login (default ~/.cache/eks-login): token cache and lock files. 0700. */
  cacheDir: string;
}

/** A home directory, or how to find it when a path needs it (it may not exist: see infra/fs/home-dir.ts). */
export type HomeDir = string | (() => string);

/**
 * Pure: joins with the platform's separator ('/', or '\\' on Windows, where the same XDG layout lives under
 * %USERPROFILE%). The home is asked for only when an XDG variable is unset.
 */
export function resolvePaths(env: Env, homeDir: HomeDir, platform: Platform = platformOf('linux')): EksLoginPaths {
  const home = (): string => platform.homeFromEnv(env) || (typeof homeDir === 'string' ? homeDir : homeDir());
  const configBase = env.XDG_CONFIG_HOME || platform.join(home(), '.config');
  const configDir = platform.join(configBase, 'eks-login');
  return {
    configDir,
    setupsDir: platform.join(configDir, 'bundles'),
    secretsFile: platform.join(configDir, 'secrets.json'),
    cacheDir: cacheDirOf(env, home, platform.join),
  };
}

/** $XDG_CACHE_HOME/eks-login, else <home>/.cache/eks-login: `cacheDir` above, alone for the warm path's entry. */
export function cacheDirOf(env: Env, home: () => string, join: Platform['join']): string {
  return join(env.XDG_CACHE_HOME || join(home(), '.cache'), 'eks-login');
}
