// Masking of secret-looking values for anything a person or a log may see.

/** Shows only the last 4 characters: `AKIAIOSFODNN7EXAMPLE` → `****************MPLE`. */
export function maskSecret(value: string): string {
  if (value.length <= 4) return '*'.repeat(value.length);
  return '*'.repeat(value.length - 4) + value.slice(-4);
}

const SECRET_PATTERNS: RegExp[] = [
  // EKS bearer tokens and anything after an Authorization/Bearer word.
  /k8s-aws-v1\.[A-Za-z0-9_-]+/g,
  /(Bearer\s+)[^\s"']+/gi,
  // Presigned signatures and session tokens inside URLs.
  /(X-Amz-(?:Signature|Security-Token)=)[^&\s"']+/gi,
  // JSON or key=value fields that carry secrets.
  /("?(?:secretAccessKey|SecretAccessKey|sessionToken|SessionToken|aws_secret_access_key|aws_session_token|password|token)"?\s*[:=]\s*"?)[^"\s,}]+/g,
];

/** Replaces secret material in free text (debug logs, error causes) with a masked form. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match: string, prefix?: string) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}<redacted>` : '<redacted>',
    );
  }
  return out;
}
