// Reading a bundle file: the size limit is checked on the file's size before reading it, then the core
// checks run with node:crypto's certificate parser. Bytes that are not UTF-8 are a problem, not a silent U+FFFD.
import { readFile, stat } from 'node:fs/promises';
import { ConfigError } from '../errors.js';
import { checkBundleText, invalidBundleError } from '../core/bundle/parse.js';
import type { BundleProblem } from '../core/bundle/problems.js';
import { MAX_BUNDLE_BYTES } from '../core/bundle/rules.js';
import type { Bundle } from '../core/bundle/types.js';
import { jsonInspector } from './json-inspector.js';
import { inspectPemCertificates } from './x509.js';

/** The problems of a bundle file (empty when valid) and the bundle. ConfigError when it cannot be read. */
export async function checkBundleFile(path: string): Promise<{ bundle?: Bundle; problems: BundleProblem[] }> {
  let bytes: Uint8Array;
  let size: number;
  try {
    size = (await stat(path)).size;
    bytes = size > MAX_BUNDLE_BYTES ? new Uint8Array() : await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new ConfigError(`cannot read bundle ${path}: ${why}`, {
      code: 'BUNDLE_UNREADABLE',
      hint: 'pass the path of the bundle JSON file your admin shared',
      cause: error,
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const line = lossy.slice(0, lossy.indexOf('\uFFFD')).split('\n').length;
    return { problems: [{ path: '(file)', message: `is not UTF-8 text (a byte at line ${line} is not); save the bundle as UTF-8` }] };
  }
  return checkBundleText(text, size, inspectPemCertificates, jsonInspector);
}

/** A valid bundle, or ConfigError (exit 3) listing every problem. */
export async function loadBundleFile(path: string): Promise<Bundle> {
  const { bundle, problems } = await checkBundleFile(path);
  if (!bundle) throw invalidBundleError(path, problems);
  return bundle;
}
