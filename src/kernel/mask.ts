// Masking of secret-looking values for anything a person or a log may see.

/** Shows only the last 4 characters: `AKIAIOSFODNN7EXAMPLE` → `****************MPLE`. */
export function maskSecret(value: string): string {
  if (value.length <= 4) return '*'.repeat(value.length);
  return '*'.repeat(value.length - 4) + value.slice(-4);
}

/** How messages name an access key id (not a secret, but long): `…MPLE`. */
export function maskKeyId(accessKeyId: string): string {
  return `…${accessKeyId.slice(-4)}`;
}

const SECRET_PATTERNS: RegExp[] = [
  // EKS bearer tokens and anything after an Authorization/Bearer word.
  /k8s-aws-v1\.[A-Za-z0-9_-]+/g,
  /(Bearer\s+)[^\s"']+/gi,
  // Presigned signatures and session tokens inside URLs.
  /(X-Amz-(?:Signature|Security-Token)=)[^&\s"']+/gi,
  // JSON or key=value fields that carry secrets.
  /("?(?:secretAccessKey|SecretAccessKey|sessionToken|SessionToken|aws_secret_access_key|aws_session_token|password|token)"?\s*[:=]\s*"?)[^"\s,}&]+/g,
];

/** Secrets in a URL (the userinfo, every query value) are shown as this. */
const REDACTED = '****';

/** How a URL is read for redaction: scheme, userinfo, host + path, query, fragment. */
export const URL_SHAPE = /^([a-z][a-z0-9+.-]*:\/\/)(?:([^@/?#]*)@)?([^?#]*)(?:\?([^#]*))?(#.*)?$/i;

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const at = pair.indexOf('=');
      if (pair === '' || at === pair.length - 1) return pair;
      return at < 0 ? REDACTED : `${pair.slice(0, at + 1)}${REDACTED}`;
    })
    .join('&');
}

function redactUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  return colon < 0 ? REDACTED : `${REDACTED}:${REDACTED}`;
}

/** `https://u:p@h/b.json?token=t&x=` → `https://****:****@h/b.json?token=****&x=`. Text that is no URL is returned as is. */
export function redactUrl(url: string): string {
  const m = URL_SHAPE.exec(url);
  if (!m) return url;
  const [, scheme, userinfo, rest, query, hash] = m;
  return `${scheme}${userinfo !== undefined ? `${redactUserinfo(userinfo)}@` : ''}${rest}${query !== undefined ? `?${redactQuery(query)}` : ''}${hash ?? ''}`;
}

/** True when the URL carries a userinfo or a query value. */
export function hasUrlSecret(url: string): boolean {
  return redactUrl(url) !== url;
}

/** Every URL in `text` passed through redactUrl. */
function redactUrlsIn(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>()]+/gi, (url) => {
    // A sentence may end right after the URL.
    const tail = /[.,;:]+$/.exec(url)?.[0] ?? '';
    return redactUrl(url.slice(0, url.length - tail.length)) + tail;
  });
}

/**
 * Replaces secret material in free text (error messages and hints, debug and warning lines) with a masked
 * form: every URL through redactUrl first, then tokens, signatures and secret fields.
 */
export function redactSecrets(text: string): string {
  let out = redactUrlsIn(text);
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match: string, prefix?: string) => {
      if (typeof prefix !== 'string' || !match.startsWith(prefix)) return '<redacted>';
      // A URL's query value redactUrl already masked stays as it is shown everywhere else.
      return /^\*{4}[.;:]*$/.test(match.slice(prefix.length)) ? match : `${prefix}<redacted>`;
    });
  }
  return out;
}
