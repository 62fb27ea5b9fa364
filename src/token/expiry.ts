// When a minted token stops being usable (docs/token.md, "Expiry and caching"), and the timestamp format kubectl reads.
import {
  CACHE_MIN_REMAINING_MS,
  CREDENTIAL_EXPIRY_MARGIN_MS,
  FUTURE_SIGNING_SKEW_MS,
  TOKEN_LIFETIME_MS,
} from './constants.js';
import { decodeTokenUrl, parseAmzDate } from './parse-token.js';

/** min(signing time + 14 min, credential expiry − 60 s), truncated to whole seconds. */
export function tokenExpiration(signedAt: Date, credentialExpiration?: Date): Date {
  let ms = signedAt.getTime() + TOKEN_LIFETIME_MS;
  if (credentialExpiration) ms = Math.min(ms, credentialExpiration.getTime() - CREDENTIAL_EXPIRY_MARGIN_MS);
  return new Date(Math.floor(ms / 1000) * 1000);
}

/** True while a cached token has at least 2 minutes of validity left at `now`. */
export function isFreshEnough(expiration: Date, now: Date): boolean {
  return expiration.getTime() - now.getTime() >= CACHE_MIN_REMAINING_MS;
}

/**
 * A cached token can be handed out again: fresh enough, and not signed in the future. A token minted while
 * the clock ran ahead (X-Amz-Date more than 5 min after `now`) is refused by STS once the clock is right
 * ("Signature not yet current"), so it is ignored and a new one minted.
 */
export function isCachedTokenUsable(
  entry: { token: string; expiration: Date; signedAt?: Date | undefined },
  now: Date,
): boolean {
  if (!isFreshEnough(entry.expiration, now)) return false;
  // The cache file's copy of X-Amz-Date when it has one: decoding the token costs more than the rest of a hit.
  const signedAt = entry.signedAt ?? tokenSigningTime(entry.token);
  return signedAt === undefined || signedAt.getTime() - now.getTime() <= FUTURE_SIGNING_SKEW_MS;
}

/**
 * X-Amz-Date of a token's presigned URL; undefined when the token does not carry a readable one. Only the
 * decoding steps of the one parser (parse-token.ts): a cached token is ours, its other rules were met at minting.
 */
export function tokenSigningTime(token: string): Date | undefined {
  const decoded = decodeTokenUrl(token);
  return decoded.ok ? parseAmzDate(decoded.url.searchParams.get('X-Amz-Date') ?? undefined) : undefined;
}
