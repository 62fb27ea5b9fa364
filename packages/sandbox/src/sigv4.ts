// SigV4 as STS checks it, written here with node:crypto on purpose: the sandbox must not share code with
// the production signer (src/core, src/adapters), so a test that passes against it proves something.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** RFC 3986 percent-encoding as SigV4 wants it: unreserved characters literal, the rest %XX upper-case. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Splits a raw query string into decoded pairs; throws on a bad % escape. '+' stays '+' (SigV4 rule). */
export function parseRawQuery(raw: string): Array<[string, string]> {
  if (raw === '') return [];
  return raw
    .split('&')
    .filter((p) => p !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      return [decodeURIComponent(key), decodeURIComponent(value)];
    });
}

/** Canonical query: every pair except the ones in `omit`, encoded, sorted by key then value. */
export function canonicalQuery(pairs: Array<[string, string]>, omit: string[] = []): string {
  return pairs
    .filter(([k]) => !omit.includes(k))
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export interface CanonicalInput {
  method: string;
  /** The path as sent (already percent-encoded). */
  path: string;
  query: string;
  /** Lower-case header name → values as received. */
  headers: Map<string, string[]>;
  signedHeaders: string[];
  payloadHash: string;
}

export function canonicalRequest(input: CanonicalInput): string {
  const lines = input.signedHeaders.map((name) => {
    const values = input.headers.get(name) ?? [];
    return `${name}:${values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',')}`;
  });
  return [
    input.method,
    input.path || '/',
    input.query,
    `${lines.join('\n')}\n`,
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

export interface Scope {
  date: string; // yyyymmdd
  region: string;
  service: string;
}

export function signatureOf(secret: string, amzDate: string, scope: Scope, canonical: string): string {
  const scopeText = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scopeText,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(scope.date).digest();
  for (const part of [scope.region, scope.service, 'aws4_request'])
    key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Parses `AKID/yyyymmdd/region/service/aws4_request`. */
export function parseCredential(value: string): { accessKeyId: string; scope: Scope } | undefined {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1]!)) return undefined;
  return { accessKeyId: parts[0]!, scope: { date: parts[1]!, region: parts[2]!, service: parts[3]! } };
}

/** Parses `yyyymmddThhmmssZ` (UTC). */
export function parseAmzDate(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(date.getTime()) ? undefined : date;
}
