// So that nothing a refresh writes survives a logout that ran meanwhile: logout first changes
// <cacheDir>/logout-generation, then deletes. A refresh reads the generation before it starts; after it
// wrote a role session or a token it reads it again, and if a logout happened in between it deletes
// what it wrote. Either logout's deletion comes after the write, or the refresh sees the new generation.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { logoutGenerationFile } from './logout-watch.node.js';

/** Called by logout before it deletes anything. */
export async function bumpLogoutGeneration(cacheDir: string): Promise<void> {
  // No fsync needed: a reader that sees a torn or changed file only discards what it fetched.
  await mkdir(cacheDir, { recursive: true, mode: 0o700 });
  await writeFile(logoutGenerationFile(cacheDir), `${new Date().toISOString()} ${randomBytes(8).toString('hex')}\n`, {
    mode: 0o600,
  });
}
