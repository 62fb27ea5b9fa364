// The sign-in file in aws-cli's format (~/.aws/sso/cache/<sha1 of the start URL>.json), so aws-cli and
// eks-login share one sign-in: startUrl, region, accessToken, expiresAt, refreshToken, clientId,
// clientSecret, registrationExpiresAt; times as aws-cli writes them (UTC, whole seconds, "Z"). Pure.
import type { SsoToken } from '../../kernel/sso-ports.js';

/** 2026-11-30T08:00:00Z, as botocore serialises cache timestamps. */
const awsCliTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The fields eks-login writes; every other field of the file belongs to another tool and is kept. */
const OWNED = [
  'startUrl',
  'region',
  'accessToken',
  'expiresAt',
  'refreshToken',
  'clientId',
  'clientSecret',
  'registrationExpiresAt',
];

/**
 * The file's text for `token`. `existing`: the file as it is now; when it holds the same start URL, every
 * field eks-login does not own (aws-cli's or another tool's) is kept, and eks-login's are replaced.
 */
export function serializeSsoToken(token: SsoToken, existing?: string): string {
  const kept: Record<string, unknown> = {};
  const before = parseObject(existing);
  if (before && before.startUrl === token.startUrl) {
    for (const [key, value] of Object.entries(before)) if (!OWNED.includes(key)) kept[key] = value;
  }
  const doc: Record<string, unknown> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: awsCliTime(token.expiresAt),
  };
  if (token.refreshToken) doc.refreshToken = token.refreshToken;
  if (token.clientId) doc.clientId = token.clientId;
  if (token.clientSecret) doc.clientSecret = token.clientSecret;
  if (token.registrationExpiresAt) doc.registrationExpiresAt = awsCliTime(token.registrationExpiresAt);
  return `${JSON.stringify({ ...doc, ...kept }, null, 2)}\n`;
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** undefined for anything that is not a usable sign-in file (aws-cli also accepts "+00:00" offsets: Date does). */
export function parseSsoToken(text: string): SsoToken | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object') return undefined;
  const str = (key: string): string | undefined =>
    typeof doc[key] === 'string' && doc[key] !== '' ? (doc[key] as string) : undefined;
  const time = (key: string): Date | undefined => {
    const value = str(key);
    const date = value === undefined ? undefined : new Date(value);
    return date && !Number.isNaN(date.getTime()) ? date : undefined;
  };
  const accessToken = str('accessToken');
  const expiresAt = time('expiresAt');
  const startUrl = str('startUrl');
  if (!accessToken || !expiresAt || !startUrl) return undefined;
  const token: SsoToken = { startUrl, region: str('region') ?? '', accessToken, expiresAt };
  const refreshToken = str('refreshToken');
  const clientId = str('clientId');
  const clientSecret = str('clientSecret');
  const registrationExpiresAt = time('registrationExpiresAt');
  if (refreshToken) token.refreshToken = refreshToken;
  if (clientId) token.clientId = clientId;
  if (clientSecret) token.clientSecret = clientSecret;
  if (registrationExpiresAt) token.registrationExpiresAt = registrationExpiresAt;
  return token;
}

/** An access token is used while more than this remains (the portal call and a token signing fit in it). */
const ACCESS_TOKEN_MARGIN_MS = 60_000;

export function isTokenValid(token: SsoToken, now: Date): boolean {
  return token.expiresAt.getTime() - now.getTime() > ACCESS_TOKEN_MARGIN_MS;
}

/** A refresh is possible with a refresh token and a client registration that has not expired. */
export function canRefresh(token: SsoToken, now: Date): boolean {
  if (!token.refreshToken || !token.clientId || !token.clientSecret) return false;
  return !token.registrationExpiresAt || token.registrationExpiresAt.getTime() > now.getTime();
}
