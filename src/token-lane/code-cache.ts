// V8's code cache for the cache hit's own code (dist/hit.cjs): Node 20 keeps no compiled code between runs, so
// every kubectl call would parse and compile the same functions again; with the bytecode V8 made on an
// earlier hit (`vm.Script` `cachedData`) a hit skips most of that work (docs/performance.md).
//
// V8 checks a code cache's version, flags and source length, but a release build does not checksum it: a
// damaged file can abort the process instead of being rejected. So the file is ours alone (0600 in the 0700
// token cache directory, checked like a token file), named after a hash of the bundle made at build time,
// records the size and mtime of the source it was made for, and holds the payload twice: it is used only when
// both copies are equal byte for byte (a native compare). Anything else, including a cache V8 rejects, is a
// plain compile, and a fresh cache is written after that hit (code-cache-writer.ts, in the hit's bundle). The cache holds
// bytecode and the source's own constants, never what a run read (no token, no key).
import { closeSync, constants, lstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { Script } from 'node:vm';
import { isPrivateStat } from '../infra/fs/private-path.js';
import { payloadOf, type SourceStamp } from './code-cache-format.js';

export interface LoadedScript<T> {
  exports: T;
  /** `used`: V8 took the cache; `absent`: none, or not ours, or damaged; `rejected`: V8 refused it. */
  cache: 'used' | 'absent' | 'rejected';
  stamp: SourceStamp;
  /** The code cache as it is now (functions compiled so far included), for the writer. */
  createCachedData(): Buffer;
}

/**
 * Loads a CommonJS bundle (`require` is what it may require: node built-ins) the way Node's loader would, but
 * compiled with the code cache in `cacheFile` when that file is a sound one. Undefined when the cache file's
 * directory (the token cache) does not exist: then there is no token to hit either, and the caller requires the
 * bundle plainly (no `node:vm`, no cache to make).
 */
export function loadWithCodeCache<T>(
  file: string,
  cacheFile: string,
  require: NodeJS.Require,
): LoadedScript<T> | undefined {
  const dir = statSync(cacheFile.slice(0, cacheFile.lastIndexOf('/')), { throwIfNoEntry: false });
  if (!dir) return undefined;
  const info = statSync(file);
  const stamp = { size: info.size, mtimeMs: info.mtimeMs };
  const source = readFileSync(file, 'utf8');
  const cachedData = isPrivateStat(dir, 'dir', { posixModes: true }) ? readCodeCache(cacheFile, stamp) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as T };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, require, module, file, file.slice(0, file.lastIndexOf('/')));
  const cache = !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  return { exports: module.exports, cache, stamp, createCachedData: () => script.createCachedData() };
}

/**
 * The payload of a sound code cache file made for `stamp` (the file ours alone, in a directory the caller
 * checked); undefined for anything else (never throws). Read with open/read/close into an array of the size
 * lstat gave, not readFileSync: its Buffer path runs about a dozen Node.js functions that every hit would compile
 * first (docs/performance.md). O_NOFOLLOW: the file opened is the one lstat saw, never a link put there since.
 */
export function readCodeCache(cacheFile: string, stamp: SourceStamp): Uint8Array | undefined {
  try {
    const info = lstatSync(cacheFile);
    if (!isPrivateStat(info, 'file', { posixModes: true })) return undefined;
    const bytes = new Uint8Array(info.size);
    const fd = openSync(cacheFile, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      // a file that shrank since lstat reads short, one that grew is cut: either fails the length check
      return payloadOf(bytes.subarray(0, readSync(fd, bytes)), stamp);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
