// Writes the hit's code cache (code-cache.ts) after a hit that compiled without a usable one, and removes the
// code caches of other builds from the directory. Small and node:fs only, so that a rewrite (a Node.js
// upgrade, other V8 flags) costs the hit little. Not a temp file and a rename (infra/fs/atomic-file.ts, the
// one atomic writer, loads node:crypto): the old file is removed and the new one created exclusively (0600,
// O_EXCL, so never through a link), so exactly one process writes the file others can see; a reader that
// meets it half-written, or a file a crash cut short, fails the length and copies check and compiles as if
// there were none. Never fails the command: a cache that cannot be written only leaves the next hit slower.
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { codeCacheFile, type SourceStamp } from './code-cache-format.js';

/** `code-<hash of the bundle>.bin`, the names of this writer. */
const CODE_CACHE = /^code-[0-9a-f]+\.bin$/;

export function saveCodeCache(cacheFile: string, payload: Buffer, stamp: SourceStamp): void {
  try {
    removeIfThere(cacheFile);
    writeFileSync(cacheFile, codeCacheFile(payload, stamp), { mode: 0o600, flag: 'wx' });
    const dir = cacheFile.slice(0, cacheFile.lastIndexOf('/'));
    const name = cacheFile.slice(dir.length + 1);
    for (const other of readdirSync(dir))
      if (CODE_CACHE.test(other) && other !== name) removeIfThere(`${dir}/${other}`);
  } catch {
    // another process is writing it (EEXIST), or the directory is not writable: only slower next time
  }
}

function removeIfThere(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
