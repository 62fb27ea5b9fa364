// The cached role session: its key (source identity × role × STS endpoint), the stored JSON and when it
// may still be used. Pure. Stored in the SecretStore under `role-session/<hash of the key>`.
import type { AwsCredentials } from '../../kernel/ports.js';
import { fnv1a64 } from '../../kernel/hash.js';

/** A cached role session as the session index lists it (credentials/role-session/role-session-index.node.ts). */
export interface IndexedRoleSession {
  account: string;
  roleArn: string;
  bundle?: string;
  group?: string;
  expiration: string;
}

export interface RoleSessionKeyParts {
  /** The stable, non-secret source identity (e.g. `keychain:acme:AKIA…`, `profile:dev`). */
  sourceKey: string;
  roleArn: string;
  externalId?: string | undefined;
  /** STS endpoint URL the session comes from (only its partition/override matters, see stsScope). */
  stsUrl: string;
  /** A session name asked for explicitly (not the IAM user name): another session, another key. */
  sessionName?: string | undefined;
}

/**
 * Role session credentials work in every region of a partition, so the key keeps the STS endpoint
 * without its region: one session (one MFA code) serves clusters in several regions. A custom endpoint
 * (AWS_ENDPOINT_URL_STS) stays whole.
 */
export function stsScope(url: string): string {
  return url.replace(/^https:\/\/(sts(?:-fips)?)\.[a-z]{2}(?:-[a-z]+)+-\d+\./, 'https://$1.*.');
}

export interface CachedRoleSession {
  credentials: AwsCredentials & { expiration: Date };
  assumedRoleArn: string;
  /** The source identity's ARN when known (for messages and whoami). */
  sourceArn?: string;
  /** The session's SourceIdentity (a bound group: the IAM user name), as STS reported it or as sent. */
  sourceIdentity?: string;
}

/** Sessions are refreshed this long before they expire. */
const SESSION_REFRESH_MARGIN_MS = 15 * 60 * 1000;

const FORMAT = 'eks-login-role-session-v1';

export function roleSessionKey(parts: RoleSessionKeyParts): string {
  const named = parts.sessionName !== undefined ? [parts.sessionName] : [];
  return JSON.stringify([
    FORMAT,
    parts.sourceKey,
    parts.roleArn,
    parts.externalId ?? '',
    stsScope(parts.stsUrl),
    ...named,
  ]);
}

/** The SecretStore account: readable prefix, hashed key (names carry no paths or key ids). */
export function roleSessionAccount(key: string): string {
  return `role-session/${fnv1a64(key)}`;
}

export function serializeRoleSession(key: string, session: CachedRoleSession): string {
  const { credentials } = session;
  return JSON.stringify({
    key,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    expiration: credentials.expiration.toISOString(),
    assumedRoleArn: session.assumedRoleArn,
    ...(session.sourceArn ? { sourceArn: session.sourceArn } : {}),
    ...(session.sourceIdentity ? { sourceIdentity: session.sourceIdentity } : {}),
  });
}

/** undefined when the text is corrupt or belongs to another key (a hash collision, an old format). */
export function parseRoleSession(text: string | null, key: string): CachedRoleSession | undefined {
  if (!text) return undefined;
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { accessKeyId, secretAccessKey, sessionToken, expiration, assumedRoleArn, sourceArn, sourceIdentity } =
    doc ?? {};
  if (doc?.key !== key || typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string') return undefined;
  if (typeof sessionToken !== 'string' || typeof expiration !== 'string' || typeof assumedRoleArn !== 'string')
    return undefined;
  const expires = new Date(expiration);
  if (Number.isNaN(expires.getTime())) return undefined;
  return {
    credentials: { accessKeyId, secretAccessKey, sessionToken, expiration: expires },
    assumedRoleArn,
    ...(typeof sourceArn === 'string' ? { sourceArn } : {}),
    ...(typeof sourceIdentity === 'string' ? { sourceIdentity } : {}),
  };
}

/**
 * A cached session is used while more than 15 minutes remain, and only if it outlives `mustOutlive`
 * (e.g. the expiry of the token about to be signed).
 */
export function isUsable(session: CachedRoleSession, now: Date, mustOutlive?: Date): boolean {
  const expires = session.credentials.expiration.getTime();
  if (expires - now.getTime() <= SESSION_REFRESH_MARGIN_MS) return false;
  return mustOutlive === undefined || expires > mustOutlive.getTime();
}
