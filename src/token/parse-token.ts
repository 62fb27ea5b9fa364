// The one reader of an EKS bearer token: the format rules of aws-iam-authenticator's verifier
// (docs/token.md, "What the token is"). What a verifier decides beyond the format (its STS host
// allow-list, step 4; the 15-minute age, step 11; the replay to STS) is the caller's, because `token --decode`,
// whoami, the token cache and the sandbox's cluster each decide it differently. Pure: no node:* imports.
import { CLUSTER_ID_HEADER, STS_ACTION, TOKEN_PREFIX } from './constants.js';

/** Step 1: the verifier refuses longer tokens. */
const MAX_TOKEN_BYTES = 4096;

/** Step 6: the only query parameters a token's URL may carry (compared in lower case). */
const ALLOWED_PARAMS = new Set([
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
]);

interface ParsedToken {
  /** The presigned STS URL inside the token. */
  url: URL;
  /** Query parameters, keys in lower case, values %-decoded. */
  params: ReadonlyMap<string, string>;
  /** Step 12: the text before the first `/` of X-Amz-Credential. */
  accessKeyId: string;
  /** X-Amz-Credential's scope when it has the SigV4 shape `<key id>/<yyyymmdd>/<region>/sts/aws4_request`. */
  scope?: { date: string; region: string };
  /** X-Amz-SignedHeaders, lower case. */
  signedHeaders: string[];
  /** X-Amz-Expires (0..900; STS ignores it and honours the URL for 15 minutes). */
  presignExpiresSeconds: number;
  /** X-Amz-Date. */
  signedAt: Date;
}

export interface TokenFormatProblem {
  /** The format rule the token breaks. */
  rule: number;
  /** What is wrong, in words for a person (no secret: never the signature or the session token). */
  reason: string;
}

export type TokenParse = ({ ok: true } & ParsedToken) | ({ ok: false } & TokenFormatProblem);

export interface ParseTokenOptions {
  /** Accept an `http:` STS URL (an emulator's: moto, LocalStack); a real verifier wants https only. */
  allowHttp?: boolean;
}

const problem = (rule: number, reason: string): { ok: false } & TokenFormatProblem => ({ ok: false, rule, reason });

/** Steps 1–3: size, prefix, base64url without padding, UTF-8, a URL. Cheap enough for the warm path. */
export function decodeTokenUrl(token: string): { ok: true; url: URL } | ({ ok: false } & TokenFormatProblem) {
  if (token === '') return problem(2, 'no token given');
  if (new TextEncoder().encode(token).length > MAX_TOKEN_BYTES)
    return problem(1, `longer than ${MAX_TOKEN_BYTES} bytes`);
  if (!token.startsWith(TOKEN_PREFIX)) return problem(2, `it does not start with "${TOKEN_PREFIX}"`);
  const body = token.slice(TOKEN_PREFIX.length);
  if (body.includes('=')) return problem(2, 'base64url padding (`=`) is not allowed; the verifier rejects it');
  if (!/^[A-Za-z0-9_-]*$/.test(body))
    return problem(2, `the part after ${TOKEN_PREFIX} is not base64url (A–Z a–z 0–9 - _)`);
  if (body.length % 4 === 1) return problem(2, 'the base64url part has an impossible length (truncated?)');
  const bytes = Uint8Array.from(atob(body.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return problem(2, 'the decoded bytes are not UTF-8 text');
  }
  try {
    return { ok: true, url: new URL(text) };
  } catch {
    return problem(3, 'the decoded text is not a URL');
  }
}

/** Step 10: `YYYYMMDDTHHMMSSZ` (UTC) as a real time; undefined otherwise. */
export function parseAmzDate(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return date;
}

/** Step 6: the query as the verifier reads it (Go's url.ParseQuery: `+` is a space); a problem when it breaks a rule. */
function queryParams(url: URL): Map<string, string> | TokenFormatProblem {
  const params = new Map<string, string>();
  for (const part of url.search.replace(/^\?/, '').split('&').filter(Boolean)) {
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey).toLowerCase();
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      return { rule: 6, reason: `query parameter "${rawKey}" has a bad %-escape` };
    }
    if (!ALLOWED_PARAMS.has(key)) return { rule: 6, reason: `unexpected query parameter "${rawKey}"` };
    if (params.has(key)) return { rule: 6, reason: `query parameter "${rawKey}" appears twice` };
    params.set(key, value);
  }
  return params;
}

/** Decodes a token and checks its format; never throws. */
export function parseToken(token: string, options: ParseTokenOptions = {}): TokenParse {
  const decoded = decodeTokenUrl(token);
  if (!decoded.ok) return decoded;
  const { url } = decoded;
  if (url.protocol !== 'https:' && !(options.allowHttp && url.protocol === 'http:')) {
    return problem(3, `the URL scheme is "${url.protocol.replace(':', '')}", not https`);
  }
  if (url.pathname !== '/') return problem(5, `the URL path is "${url.pathname}", not "/"`);
  const params = queryParams(url);
  if (!(params instanceof Map)) return { ok: false, ...params };
  const missing = (label: string): { ok: false } & TokenFormatProblem =>
    problem(6, `${label} is missing from the presigned URL`);

  const action = params.get('action');
  if (!action) return missing('Action');
  if (action !== STS_ACTION) return problem(7, `Action is "${action}", not ${STS_ACTION}`);
  const signedHeadersText = params.get('x-amz-signedheaders');
  if (!signedHeadersText) return missing('X-Amz-SignedHeaders');
  const signedHeaders = signedHeadersText.toLowerCase().split(';');
  if (!signedHeaders.includes(CLUSTER_ID_HEADER))
    return problem(
      8,
      `${CLUSTER_ID_HEADER} is not in X-Amz-SignedHeaders: the token is not bound to a cluster (not an EKS token)`,
    );
  const expiresText = params.get('x-amz-expires');
  if (!expiresText) return missing('X-Amz-Expires');
  const presignExpiresSeconds = /^\d+$/.test(expiresText) ? Number(expiresText) : NaN;
  if (!(presignExpiresSeconds >= 0 && presignExpiresSeconds <= 900))
    return problem(9, `X-Amz-Expires "${expiresText}" is not an integer in 0..900`);
  const dateText = params.get('x-amz-date');
  if (!dateText) return missing('X-Amz-Date');
  const signedAt = parseAmzDate(dateText);
  if (!signedAt) return problem(10, `X-Amz-Date "${dateText}" is not a real UTC time as YYYYMMDDTHHMMSSZ`);

  const credential = (params.get('x-amz-credential') ?? '').split('/');
  const sigv4Scope = credential.length === 5 && credential[3] === 'sts' && credential[4] === 'aws4_request';
  return {
    ok: true,
    url,
    params,
    accessKeyId: credential[0]!,
    ...(sigv4Scope ? { scope: { date: credential[1]!, region: credential[2]! } } : {}),
    signedHeaders,
    presignExpiresSeconds,
    signedAt,
  };
}
