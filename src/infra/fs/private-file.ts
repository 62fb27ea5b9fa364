// Private files: 0700 directories, 0600 files, written atomically by atomic-file.ts (the one writer), so a
// reader never sees half a file and a failed or killed write never leaves a secret in a temp file.
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file.js';

export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/** Writes `text` to `path` atomically with mode 0600, creating the directory 0700 if needed. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text, 0o600);
}

/** The file's text, or null when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
