// The token cache's key and file content (pure). The warm path (src/token-lane) and the full CLI share this
// code, so both find the same file. The adapter hashes the key into the file name.
import { fnv1a64 } from '../../kernel/hash.js';
import { TOKEN_PREFIX } from '../constants.js';
import { parseAmzDate } from '../parse-token.js';

/** A token cache file and what it was minted for. */
export interface CachedTokenFile {
  file: string;
  clusterId?: string;
  roleArn?: string;
}

export interface TokenCacheKeyParts {
  clusterId: string;
  region: string;
  /** The STS endpoint URL the token points at (scheme, host and port included). */
  stsUrl: string;
  roleArn?: string | undefined;
  /** SigningSourcePlan.key: the stable, non-secret source identity. */
  sourceKey: string;
  /**
   * The bundle group's ExternalId for the role, when it has one: two groups sharing a role ARN but not an
   * external id must not share tokens (one group's working id would hide the other's broken one).
   */
  externalId?: string | undefined;
  /** The RoleSessionName asked for with --session-name (aws-iam-authenticator's -s). */
  sessionName?: string | undefined;
}

export interface CachedToken {
  token: string;
  expiration: Date;
  /**
   * The token's X-Amz-Date, stored beside it by the writer (`amzDate`), so that a cache hit checks the signing
   * time without decoding the token (docs/performance.md). Absent in files written before it was stored: the
   * reader then decodes the token (expiry.ts).
   */
  signedAt?: Date | undefined;
}

/**
 * v2: file names hash the key's UTF-8 bytes (kernel/hash.ts). v1 hashed UTF-16 code units, a different name
 * for a non-ASCII key; a v1 file is never read as a hit (its stored key names v1, never equal to a v2 key),
 * only listed by logout, which removes it.
 */
const FORMAT = 'eks-login-token-cache-v2';
const FORMATS_LOGOUT_REMOVES = new Set(['eks-login-token-cache-v1', FORMAT]);

/** The canonical key string; order and format are part of the cache format (bump FORMAT to change). */
export function tokenCacheKey(parts: TokenCacheKeyParts): string {
  // A session name joins the key only when given, so every other key stays what it was.
  return JSON.stringify([
    FORMAT,
    parts.clusterId,
    parts.region,
    parts.stsUrl,
    parts.roleArn ?? '',
    parts.sourceKey,
    parts.externalId ?? '',
    ...(parts.sessionName ? [parts.sessionName] : []),
  ]);
}

/**
 * The file name of a key: `token-<64-bit FNV-1a of the key's UTF-8 bytes, hex>.json`. Not a secret-protecting
 * hash: names just carry nothing readable, and the file stores the full key, which the reader compares, so
 * a collision is a miss. Pure JS keeps node:crypto off the warm path.
 */
export function tokenCacheFileName(key: string): string {
  return `token-${fnv1a64(key)}.json`;
}

export function serializeCacheEntry(key: string, entry: CachedToken): string {
  const amzDate = entry.signedAt ? { amzDate: formatAmzDate(entry.signedAt) } : {};
  return `${JSON.stringify({ key, token: entry.token, expirationTimestamp: entry.expiration.toISOString(), ...amzDate })}\n`;
}

/** SigV4's X-Amz-Date format, `YYYYMMDDTHHMMSSZ` (UTC, whole seconds). */
function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

/** Parses a cache file; undefined when it is corrupt, truncated or written for another key. */
export function parseCacheEntry(text: string, key: string): CachedToken | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const { key: storedKey, token, expirationTimestamp, amzDate } = doc as Record<string, unknown>;
  if (
    storedKey !== key ||
    typeof token !== 'string' ||
    !token.startsWith(TOKEN_PREFIX) ||
    typeof expirationTimestamp !== 'string'
  )
    return undefined;
  const expiration = new Date(expirationTimestamp);
  if (Number.isNaN(expiration.getTime())) return undefined;
  // An unreadable amzDate is as if absent: the token itself says when it was signed.
  const signedAt = typeof amzDate === 'string' ? parseAmzDate(amzDate) : undefined;
  return signedAt ? { token, expiration, signedAt } : { token, expiration };
}

/** What a cache key names (logout picks the tokens of a context by cluster id and role), old formats included. */
export function describeTokenCacheKey(key: string): { clusterId: string; roleArn?: string } | undefined {
  try {
    const parts: unknown = JSON.parse(key);
    if (!Array.isArray(parts) || !FORMATS_LOGOUT_REMOVES.has(parts[0]) || typeof parts[1] !== 'string')
      return undefined;
    return { clusterId: parts[1], ...(typeof parts[4] === 'string' && parts[4] ? { roleArn: parts[4] } : {}) };
  } catch {
    return undefined;
  }
}
