// Reading a bundle: a regular file's size is checked before reading it; anything else (/dev/stdin, a FIFO)
// is read up to 1 MiB + 1 byte, so the limit holds without reading an endless stream. Then the core checks
// run with node:crypto's certificate parser. Bytes that are not UTF-8 are a problem, not a silent U+FFFD.
import { open } from 'node:fs/promises';
import { ConfigError } from '../kernel/errors.js';
import { checkBundleText } from './parse.js';
import type { BundleProblem } from './problems.js';
import { MAX_BUNDLE_BYTES } from './rules.js';
import type { Bundle } from '../record/bundle-types.js';
import { jsonInspector } from './json-inspector.node.js';
import { inspectPemCertificates } from '../infra/x509.js';

/** The bytes of a file, at most MAX_BUNDLE_BYTES + 1 of them, and its size (the real one for a regular file). */
export async function readBundleBytes(path: string): Promise<{ bytes: Uint8Array; size: number }> {
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      if (info.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
      if (info.isFile() && info.size > MAX_BUNDLE_BYTES) return { bytes: new Uint8Array(), size: info.size };
      const limit = MAX_BUNDLE_BYTES + 1;
      const buffer = Buffer.alloc(limit);
      let length = 0;
      while (length < limit) {
        const { bytesRead } = await handle.read(buffer, length, limit - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      return { bytes: buffer.subarray(0, length), size: length };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new ConfigError(`cannot read bundle ${path}: ${why}`, {
      code: 'BUNDLE_UNREADABLE',
      hint: 'pass the path of the bundle JSON file your admin shared',
      cause: error,
    });
  }
}

/** The problems of a bundle's bytes (empty when valid) and the bundle. `size`: the source's size in bytes. */
export function checkBundleBytes(bytes: Uint8Array, size: number): { bundle?: Bundle; problems: BundleProblem[] } {
  if (size > MAX_BUNDLE_BYTES) return checkBundleText('', size, inspectPemCertificates, jsonInspector);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const line = lossy.slice(0, lossy.indexOf('\uFFFD')).split('\n').length;
    return {
      problems: [
        { path: '(file)', message: `is not UTF-8 text (a byte at line ${line} is not); save the bundle as UTF-8` },
      ],
    };
  }
  return checkBundleText(text, size, inspectPemCertificates, jsonInspector);
}

/** The problems of a bundle file (empty when valid) and the bundle. ConfigError when it cannot be read. */
export async function checkBundleFile(path: string): Promise<{ bundle?: Bundle; problems: BundleProblem[] }> {
  const { bytes, size } = await readBundleBytes(path);
  return checkBundleBytes(bytes, size);
}
