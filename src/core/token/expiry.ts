// When a minted token stops being usable (token-spec §1.5), and the timestamp format kubectl reads.
import { CACHE_MIN_REMAINING_MS, CREDENTIAL_EXPIRY_MARGIN_MS, TOKEN_LIFETIME_MS } from './constants.js';

/** min(signing time + 14 min, credential expiry − 60 s), truncated to whole seconds. */
export function tokenExpiration(signedAt: Date, credentialExpiration?: Date): Date {
  let ms = signedAt.getTime() + TOKEN_LIFETIME_MS;
  if (credentialExpiration) ms = Math.min(ms, credentialExpiration.getTime() - CREDENTIAL_EXPIRY_MARGIN_MS);
  return new Date(Math.floor(ms / 1000) * 1000);
}

/** RFC 3339 UTC with seconds, no fraction: `2025-01-02T03:18:05Z`. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** True while a cached token has at least 2 minutes of validity left at `now`. */
export function isFreshEnough(expiration: Date, now: Date): boolean {
  return expiration.getTime() - now.getTime() >= CACHE_MIN_REMAINING_MS;
}
