// The timestamp format kubectl reads (ExecCredential expirationTimestamp) and every status line shows. Pure.

/**
 * RFC 3339 UTC with seconds, no fraction: `2025-01-02T03:18:05Z`. Written from the UTC fields rather than
 * `toISOString`, whose first call makes V8 read the local time zone (/etc/localtime and its links) on every
 * cache hit (docs/performance.md); the same text for every year toISOString writes with four digits.
 */
export function formatTimestamp(date: Date): string {
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return date.toISOString().replace(/\.\d{3}Z$/, 'Z'); // and an invalid date throws
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}T${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}Z`;
}
