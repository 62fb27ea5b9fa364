// The timestamp format kubectl reads (ExecCredential expirationTimestamp) and every status line shows. Pure.

/** RFC 3339 UTC with seconds, no fraction: `2025-01-02T03:18:05Z`. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
