// The code cache file (code-cache.ts): a header naming what it was made for, then the payload twice, so that
// a damaged file is told from a sound one by comparing the copies (V8 does not checksum it). The header is
// read through a DataView: Buffer's own readers would each be compiled on every hit.

/** "EKSLCC01" as two little-endian words. */
const MAGIC = [0x4c534b45, 0x31304343] as const;
/** Magic (8 bytes), source size (u32), payload length (u32), source mtime in ms (f64); then the payload twice. */
const HEADER = 24;

/** What a code cache was made for: the source file's size and modification time. */
export interface SourceStamp {
  size: number;
  mtimeMs: number;
}

/** The payload when `bytes` is a whole code cache file for `stamp` whose two copies agree. */
export function payloadOf(bytes: Uint8Array, stamp: SourceStamp): Uint8Array | undefined {
  if (bytes.length < HEADER) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER);
  const length = view.getUint32(12, true);
  const sound =
    view.getUint32(0, true) === MAGIC[0] &&
    view.getUint32(4, true) === MAGIC[1] &&
    view.getUint32(8, true) === stamp.size &&
    view.getFloat64(16, true) === stamp.mtimeMs &&
    length > 0 &&
    bytes.length === HEADER + 2 * length;
  if (!sound) return undefined;
  // Views, not Buffer#subarray: Buffer's own methods are compiled on first use, every hit.
  const first = new Uint8Array(bytes.buffer, bytes.byteOffset + HEADER, length);
  const second = new Uint8Array(bytes.buffer, bytes.byteOffset + HEADER + length, length);
  return Buffer.compare(first, second) === 0 ? first : undefined;
}

/** The file's bytes for a payload made from the source `stamp` names. */
export function codeCacheFile(payload: Uint8Array, stamp: SourceStamp): Buffer {
  const file = Buffer.alloc(HEADER + 2 * payload.length);
  const view = new DataView(file.buffer, file.byteOffset, HEADER);
  view.setUint32(0, MAGIC[0], true);
  view.setUint32(4, MAGIC[1], true);
  view.setUint32(8, stamp.size, true);
  view.setUint32(12, payload.length, true);
  view.setFloat64(16, stamp.mtimeMs, true);
  file.set(payload, HEADER);
  file.set(payload, HEADER + payload.length);
  return file;
}
