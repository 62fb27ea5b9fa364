// A throwaway HOME: a fresh temp directory, the environment that points a child process at it, and its
// removal. The one builder of homes: the CLI runner's default home (run-process.ts), credentials-home.ts,
// example-key-home.ts and the sandbox machines (sandbox-machine.ts) all start from createHome.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HomeOptions {
  /** Temp directory name prefix (shows in leftovers and messages). */
  prefix?: string;
  /** Make it inside this directory (removed with it) instead of the system temp directory. */
  parent?: string;
  /** XDG_CONFIG_HOME=<home>/config and XDG_CACHE_HOME=<home>/cache (else eks-login's defaults under HOME). */
  xdg?: boolean;
  /** AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name files that do not exist (no profile of the host). */
  noAwsFiles?: boolean;
}

export interface Home {
  dir: string;
  /** HOME plus what the options asked for; callers spread it and add their own. */
  env: Record<string, string>;
  /** eks-login's config and cache directories in this home. */
  configDir: string;
  cacheDir: string;
  remove(): void;
}

export function createHome(options: HomeOptions = {}): Home {
  const dir = mkdtempSync(join(options.parent ?? tmpdir(), options.prefix ?? 'eks-login-home-'));
  const env: Record<string, string> = { HOME: dir };
  if (options.xdg) Object.assign(env, { XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache') });
  if (options.noAwsFiles)
    Object.assign(env, {
      AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    });
  return {
    dir,
    env,
    configDir: join(options.xdg ? join(dir, 'config') : join(dir, '.config'), 'eks-login'),
    cacheDir: join(options.xdg ? join(dir, 'cache') : join(dir, '.cache'), 'eks-login'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
