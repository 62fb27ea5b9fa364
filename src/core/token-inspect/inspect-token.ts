// Reads what an EKS bearer token holds, offline: the presigned STS URL inside it, checked like the
// aws-iam-authenticator verifier's format rules (design/token-spec.md §2, steps 1–12). Pure.
import { ConfigError } from '../../errors.js';
import { maskSecret } from '../mask.js';

const PREFIX = 'k8s-aws-v1.';
const MAX_TOKEN_BYTES = 4096;
/** STS honours a presigned GetCallerIdentity for 15 min after X-Amz-Date, whatever X-Amz-Expires says. */
const VALIDITY_MS = 15 * 60_000;
const ALLOWED_PARAMS = new Set([
  'action', 'version', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-expires',
  'x-amz-security-token', 'x-amz-signature', 'x-amz-signedheaders',
]);

export interface TokenInspection {
  /** Characters in the token. */
  length: number;
  stsHost: string;
  /** `http` for an emulator's STS (LocalStack, moto, the sandbox): a real EKS cluster only accepts https STS hosts. */
  stsScheme: 'https' | 'http';
  /** Region named by the host (`sts.<region>.…`), `global` for sts.amazonaws.com, null for other hosts. */
  hostRegion: string | null;
  /** Region of the SigV4 credential scope (what the signature is bound to). */
  signingRegion: string;
  /** Access key id masked to its last 4 characters. */
  accessKeyId: string;
  /** ASIA… keys with a session token are temporary (an assumed role); AKIA… without one are long-term. */
  sessionToken: boolean;
  /** Whether x-k8s-aws-id is among the signed headers (the cluster id itself is never in the token). */
  clusterIdSigned: boolean;
  signedAt: string;
  /** signedAt + 15 min: when STS stops accepting the token. */
  validUntil: string;
  /** Seconds since signing (negative: signed in the future, i.e. a clock ahead of ours). */
  ageSeconds: number;
  /** Seconds of validity left (<= 0: expired). */
  remainingSeconds: number;
  expired: boolean;
  /** X-Amz-Expires as written (60 by both aws-cli and aws-iam-authenticator; STS ignores it). */
  presignExpiresSeconds: number;
}

/** What a malformed token gets: exit 3 naming the rule it broke. */
function malformed(why: string): ConfigError {
  return new ConfigError(`token is malformed: ${why}`, {
    code: 'TOKEN_MALFORMED',
    hint: 'pass the whole token (k8s-aws-v1.…) or the ExecCredential JSON that `eks-login token` printed',
  });
}

/** Accepts a bare token or an ExecCredential JSON document (status.token). */
export function extractToken(input: string): string {
  const text = input.trim();
  if (!text.startsWith('{')) return text;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('the input starts with `{` but is not valid JSON');
  }
  const token = (doc as { status?: { token?: unknown } } | null)?.status?.token;
  if (typeof token !== 'string') throw malformed('the JSON has no status.token (is it an ExecCredential?)');
  return token;
}

function decodeBase64Url(body: string): string {
  if (body.includes('=')) throw malformed('base64url padding (`=`) is not allowed; the verifier rejects it');
  if (!/^[A-Za-z0-9_-]*$/.test(body)) throw malformed('the part after k8s-aws-v1. is not base64url (A–Z a–z 0–9 - _)');
  if (body.length % 4 === 1) throw malformed('the base64url part has an impossible length (truncated?)');
  const binary = atob(body.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw malformed('the decoded bytes are not UTF-8 text');
  }
}

/** Parses YYYYMMDDTHHMMSSZ (UTC). */
function parseAmzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) throw malformed(`X-Amz-Date "${value}" is not YYYYMMDDTHHMMSSZ`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw malformed(`X-Amz-Date "${value}" is not a real UTC time`);
  }
  return date;
}

function queryParams(url: URL): Map<string, string> {
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
      throw malformed(`query parameter "${rawKey}" has a bad %-escape`);
    }
    if (!ALLOWED_PARAMS.has(key)) throw malformed(`unexpected query parameter "${rawKey}"`);
    if (params.has(key)) throw malformed(`query parameter "${rawKey}" appears twice`);
    params.set(key, value);
  }
  return params;
}

function required(params: Map<string, string>, key: string, label: string): string {
  const value = params.get(key);
  if (value === undefined || value === '') throw malformed(`${label} is missing from the presigned URL`);
  return value;
}

/** Region label of an STS host: `sts.<region>.…` / `sts-fips.<region>.…`; `global` for sts.amazonaws.com. */
export function stsHostRegion(host: string): string | null {
  if (host === 'sts.amazonaws.com') return 'global';
  const labels = host.split('.');
  if (labels.length >= 4 && /^sts(-fips)?$/.test(labels[0]!)) return labels[1]!;
  return null;
}

/** The presigned STS URL inside a token (prefix, size and base64url checked); throws ConfigError. */
export function decodeTokenUrl(token: string): URL {
  if (token === '') throw malformed('no token given');
  if (new TextEncoder().encode(token).length > MAX_TOKEN_BYTES) throw malformed(`longer than ${MAX_TOKEN_BYTES} bytes`);
  if (!token.startsWith(PREFIX)) throw malformed(`it does not start with "${PREFIX}"`);
  const text = decodeBase64Url(token.slice(PREFIX.length));
  try {
    return new URL(text);
  } catch {
    throw malformed('the decoded text is not a URL');
  }
}

/** Decodes and checks a token; throws ConfigError (exit 3) saying what is wrong. */
export function inspectToken(input: string, now: Date): TokenInspection {
  const token = extractToken(input);
  const url = decodeTokenUrl(token);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw malformed(`the URL scheme is "${url.protocol.replace(':', '')}", not https`);
  if (url.pathname !== '/') throw malformed(`the URL path is "${url.pathname}", not "/"`);
  const params = queryParams(url);
  const action = required(params, 'action', 'Action');
  if (action !== 'GetCallerIdentity') throw malformed(`Action is "${action}", not GetCallerIdentity`);
  const credential = required(params, 'x-amz-credential', 'X-Amz-Credential').split('/');
  if (credential.length !== 5 || credential[3] !== 'sts' || credential[4] !== 'aws4_request') {
    throw malformed('X-Amz-Credential is not <key id>/<date>/<region>/sts/aws4_request');
  }
  const signedHeaders = required(params, 'x-amz-signedheaders', 'X-Amz-SignedHeaders').toLowerCase().split(';');
  const clusterIdSigned = signedHeaders.includes('x-k8s-aws-id');
  if (!clusterIdSigned) throw malformed('X-Amz-SignedHeaders does not include x-k8s-aws-id (not an EKS token)');
  const expiresText = required(params, 'x-amz-expires', 'X-Amz-Expires');
  const presignExpiresSeconds = /^\d+$/.test(expiresText) ? Number(expiresText) : NaN;
  if (!(presignExpiresSeconds >= 0 && presignExpiresSeconds <= 900)) {
    throw malformed(`X-Amz-Expires "${expiresText}" is not an integer in 0..900`);
  }
  required(params, 'x-amz-signature', 'X-Amz-Signature');
  const signedAt = parseAmzDate(required(params, 'x-amz-date', 'X-Amz-Date'));
  const validUntil = new Date(signedAt.getTime() + VALIDITY_MS);
  const ageSeconds = Math.round((now.getTime() - signedAt.getTime()) / 1000);
  const remainingSeconds = Math.round((validUntil.getTime() - now.getTime()) / 1000);
  return {
    length: token.length,
    stsHost: url.host,
    stsScheme: url.protocol === 'http:' ? 'http' : 'https',
    hostRegion: stsHostRegion(url.hostname),
    signingRegion: credential[2]!,
    accessKeyId: maskSecret(credential[0]!),
    sessionToken: params.has('x-amz-security-token'),
    clusterIdSigned,
    signedAt: signedAt.toISOString().replace('.000Z', 'Z'),
    validUntil: validUntil.toISOString().replace('.000Z', 'Z'),
    ageSeconds,
    remainingSeconds,
    expired: remainingSeconds <= 0,
    presignExpiresSeconds,
  };
}
