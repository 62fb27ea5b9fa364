// The one FNV-1a 64-bit hash, over the UTF-8 bytes of its input: a short, stable file or lock name for a
// cache key (token cache files, role-session accounts, SSO lock names), pure so core and the warm path stay
// free of node:crypto. Not a security measure: the full key is stored with the data and compared on read,
// so a collision is only a miss.
const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** 16 lower-case hex digits. */
export function fnv1a64(text: string): string {
  let hash = OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, '0');
}
