// The reading half of token/cache/logout-generation.node.ts (node:fs only, so the fast token path can bundle it):
// a refresh remembers the logout generation before it starts and checks it after it wrote.
import { readFileSync } from 'node:fs';

export const logoutGenerationFile = (cacheDir: string): string => `${cacheDir}/logout-generation`;

/** The current generation ('' when no logout ever ran, or the file cannot be read). */
function readLogoutGeneration(cacheDir: string): string {
  try {
    return readFileSync(logoutGenerationFile(cacheDir), 'utf8');
  } catch {
    return '';
  }
}

/** Remembers the generation now; `changed()` tells whether a logout ran since. */
export function logoutWatch(cacheDir: string): { changed(): boolean } {
  const at = readLogoutGeneration(cacheDir);
  return { changed: () => readLogoutGeneration(cacheDir) !== at };
}
