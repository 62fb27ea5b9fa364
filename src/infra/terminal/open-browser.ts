// Opens a URL in the person's browser when one can be: $BROWSER, else open (macOS), start (Windows) or
// xdg-open. Detached and ignored: it never blocks, and a missing opener never fails the caller (the URL
// is on stderr anyway).
import { spawn } from 'node:child_process';
import type { Platform } from '../../kernel/platform.js';
import type { Env } from '../../kernel/ports.js';

export function openBrowser(
  url: string,
  env: Env,
  debug: (line: string) => void,
  platform: Pick<Platform, 'browserCommand'>,
): void {
  const [command, args] = opener(url, env, platform);
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsHide: true });
    child.on('error', (error) => debug(`could not open a browser with ${command}: ${error.message}`));
    child.unref();
  } catch (error) {
    debug(`could not open a browser with ${command}: ${(error as Error).message}`);
  }
}

function opener(url: string, env: Env, platform: Pick<Platform, 'browserCommand'>): [string, string[]] {
  const browser = env.BROWSER?.split(':')[0]?.trim();
  if (browser) return [browser, [url]];
  return platform.browserCommand(url);
}
