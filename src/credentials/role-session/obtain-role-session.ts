// The group role session, single-flight across processes (credentials/cached-session.ts): read the cache; if it
// cannot be used, take the lock for this (source, role) and, inside it, read again → maybe ask for MFA →
// AssumeRole → write. Twenty kubectl processes on a cold cache thus cause one AssumeRole and at most one MFA prompt.
import { ConfigError, CredentialsError, isEksLoginError } from '../../kernel/errors.js';
import type { AwsCredentials, CallerIdentity, MfaPrompt, StsGateway, StsTarget } from '../../kernel/ports.js';
import { cachedSession, type SessionResult } from '../cached-session.js';
import type { CredentialProvider, CredentialsDeps } from '../credentials-deps.js';
import { roleSessionKey, type CachedRoleSession } from './cache-entry.js';
import { mfaNeedsTerminal } from './mfa-needs-terminal.js';
import {
  defaultMfaSerial,
  identityNameFromArn,
  isRoleSessionArn,
  sanitizeSessionName,
  sessionDurationSeconds,
} from './policy.js';
import { boundUserName, explainBoundDenial, type RequestedSessionName } from './session-binding.js';

export interface RoleSessionRequest {
  roleArn: string;
  sts: StsTarget;
  /** Stable, non-secret source identity key (part of the cache key). */
  sourceKey: string;
  /** For messages, e.g. "the access key stored for bundle acme". */
  sourceDescription: string;
  /** The source's IAM user name when known (stored by setup); else GetCallerIdentity tells it. */
  sourceUserName?: string | undefined;
  sourceArn?: string | undefined;
  /** The group's sessionDurationSeconds (default 3600). */
  groupDurationSeconds?: number | undefined;
  externalId?: string | undefined;
  /** AssumeRole must carry SerialNumber + a TokenCode read from the terminal. */
  mfaRequired?: boolean | undefined;
  /** The MFA device; when absent it is derived from the source's IAM user ARN (policy.defaultMfaSerial). */
  mfaSerial?: string | undefined;
  /** Where to send the user when MFA is needed but nobody can answer, e.g. `eks-login login dev@demo`. */
  loginCommand: string;
  /** The session must outlive this (e.g. the token's expiry). */
  mustOutlive?: Date | undefined;
  /** The source is an access key stored by setup (a rejection then means: store a new one). */
  storedKey?: boolean | undefined;
  /** The setup command that stores a new key for the bundle, with its recorded source (for hints). */
  setupCommand?: string | undefined;
  /** Labels for the session index (logout finds sessions by bundle and group). */
  bundle?: string | undefined;
  group?: string | undefined;
  /** Ignore the cached session (login, or a session STS rejected). */
  forceRefresh?: boolean | undefined;
  /**
   * The group's role binds the session to the IAM user (bundle `sourceIdentity`): RoleSessionName and
   * SourceIdentity are the IAM user name, and a source that is not an IAM user is exit 4 (session-binding.ts).
   */
  bindSourceIdentity?: boolean | undefined;
  /** A session name asked for explicitly (never for a bound group: groupRoleSessionRequest refuses it). */
  sessionName?: RequestedSessionName | undefined;
}

/** What the group role session reads of the one port (credentials/credentials-deps.ts). */
type RoleSessionDeps = Pick<
  CredentialsDeps,
  'clock' | 'logger' | 'secretStore' | 'locker' | 'listing' | 'loggedOutMeanwhile' | 'stsGateway' | 'mfa'
>;

/**
 * The group role session: `cachedSession` (credentials/cached-session.ts) around AssumeRole with `base`, the
 * source identity's provider (`refresh`: new ones after STS said ExpiredToken).
 */
export async function obtainRoleSession(
  request: RoleSessionRequest,
  base: CredentialProvider,
  deps: RoleSessionDeps,
): Promise<SessionResult> {
  const key = roleSessionKey({
    sourceKey: request.sourceKey,
    roleArn: request.roleArn,
    externalId: request.externalId,
    stsUrl: request.sts.endpoint,
    sessionName: request.sessionName?.name,
  });
  const role = request.roleArn;
  const session = cachedSession(
    {
      key,
      listedAs: { roleArn: role, bundle: request.bundle, group: request.group },
      mustOutlive: request.mustOutlive,
      // A bound group never reuses a session made without SourceIdentity (cached before the admin migrated the group).
      accepts: (cached) => !request.bindSourceIdentity || cached.sourceIdentity !== undefined,
      words: {
        fromCache: (until, location) =>
          `role session for ${role} from the cache (${location}), valid until ${until.toISOString()}`,
        // An unreadable cache is a miss, never fatal: the refresh path still works (and reports a real failure).
        unreadable: (why) => `role session cache unreadable (${why}); assuming the role`,
        fetchedMeanwhile: `role session for ${role} refreshed by another eks-login process`,
        notCached: (why, location) => `could not cache the role session for ${role} in ${location}: ${why}`,
        // The index names its own file in its errors (role-sessions.json, not the store's file).
        notListed: (why) => `the role session for ${role} is cached but not listed for logout: ${why}`,
        loggedOut: `a logout ran while the role ${role} was being assumed; the new session is used for this token only and not kept`,
      },
    },
    deps,
    () => assume(request, base, deps),
  );
  return session({ refresh: Boolean(request.forceRefresh) });
}

async function assume(
  request: RoleSessionRequest,
  source: CredentialProvider,
  deps: RoleSessionDeps,
): Promise<CachedRoleSession> {
  const mfa = await deps.mfa();
  if (request.mfaRequired && !mfa.available)
    throw mfaNeedsTerminal({ roleArn: request.roleArn, serial: request.mfaSerial, loginCommand: request.loginCommand });
  const gateway = await deps.stsGateway();
  let refreshed = false;
  let tokenCode: string | undefined;
  for (;;) {
    const base = await source({ refresh: refreshed });
    let sent: string | undefined;
    try {
      const identity = await callerIfNeeded(request, base, gateway);
      const sourceArn = request.sourceArn ?? identity?.arn;
      const sourceIdentity = request.bindSourceIdentity
        ? boundUserName({
            roleArn: request.roleArn,
            group: request.group,
            sourceArn,
            sourceUserName: request.sourceUserName,
            sourceDescription: request.sourceDescription,
          })
        : undefined;
      sent = sourceIdentity;
      const userName =
        request.sourceUserName ?? (sourceArn ? identityNameFromArn(sourceArn) : undefined) ?? 'eks-login';
      const durationSeconds = sessionDurationSeconds(
        request.groupDurationSeconds,
        isRoleSessionArn(sourceArn) || Boolean(base.sessionToken),
      );
      const roleSessionName = sourceIdentity ?? request.sessionName?.name ?? sanitizeSessionName(userName);
      const serialNumber = request.mfaRequired ? mfaDevice(request, sourceArn) : undefined;
      if (serialNumber) tokenCode ??= await askMfa(request, serialNumber, mfa);
      deps.logger.debug(
        `AssumeRole ${request.roleArn} as ${roleSessionName}${sourceIdentity ? ` with SourceIdentity ${sourceIdentity}` : ''} for ${durationSeconds} s at ${request.sts.endpoint}${serialNumber ? ` with MFA ${serialNumber}` : ''}`,
      );
      const assumed = await gateway.assumeRole(base, request.sts, {
        roleArn: request.roleArn,
        roleSessionName,
        durationSeconds,
        ...(request.externalId ? { externalId: request.externalId } : {}),
        ...(serialNumber && tokenCode ? { serialNumber, tokenCode } : {}),
        ...(sourceIdentity ? { sourceIdentity } : {}),
        ...(sourceArn ? { sourceArn } : {}),
      });
      // What STS reports for the session (it echoes SourceIdentity), else what was sent.
      const reported = assumed.sourceIdentity ?? sourceIdentity;
      return {
        credentials: assumed.credentials,
        assumedRoleArn: assumed.assumedRoleArn,
        ...(sourceArn ? { sourceArn } : {}),
        ...(reported ? { sourceIdentity: reported } : {}),
      };
    } catch (error) {
      if (!refreshed && isEksLoginError(error) && error.sts?.reason === 'expired-token') {
        deps.logger.debug(`the source credentials (${request.sourceDescription}) have expired; refreshing them once`);
        refreshed = true;
        continue;
      }
      const failure = sent ? explainBoundDenial(error, request.roleArn, sent) : error;
      throw request.storedKey ? asStoredKeyError(failure, request.setupCommand) : failure;
    }
  }
}

/** A stored access key that STS rejects needs a new key, stored by setup again (told by the typed `sts` field). */
function asStoredKeyError(error: unknown, setupCommand = 'eks-login setup <bundle.json>'): unknown {
  if (!isEksLoginError(error) || error.sts?.reason !== 'credentials-rejected') return error;
  const { endpoint, caller, awsCode, awsMessage } = error.sts;
  const said = `${awsCode ? ` (${awsCode})` : ''}${awsMessage ? `: ${awsMessage}` : ''}`;
  return new CredentialsError(
    `the stored access key was rejected by STS at ${endpoint}${caller ? ` for ${caller}` : ''}${said}`,
    {
      code: 'ACCESS_KEY_REJECTED',
      sts: error.sts,
      hint: `the key was deleted, deactivated or mistyped: create a new access key in IAM and store it by re-running \`${setupCommand}\``,
      cause: error,
    },
  );
}

function mfaDevice(request: RoleSessionRequest, sourceArn: string | undefined): string {
  const serial = request.mfaSerial ?? (sourceArn ? defaultMfaSerial(sourceArn) : undefined);
  if (serial) return serial;
  throw new ConfigError(
    `MFA is required to assume ${request.roleArn}, but the MFA device of ${sourceArn ?? request.sourceDescription} is unknown`,
    {
      code: 'MFA_DEVICE_UNKNOWN',
      hint: 'set mfa_serial in the AWS profile used as the source, or store an IAM user access key with `eks-login setup`',
    },
  );
}

async function callerIfNeeded(
  request: RoleSessionRequest,
  base: AwsCredentials,
  gateway: StsGateway,
): Promise<CallerIdentity | undefined> {
  if (request.sourceUserName && request.sourceArn && (request.mfaSerial || !request.mfaRequired)) return undefined;
  return gateway.getCallerIdentity(base, request.sts);
}

async function askMfa(request: RoleSessionRequest, serial: string, mfa: MfaPrompt): Promise<string> {
  if (!mfa.available)
    throw mfaNeedsTerminal({ roleArn: request.roleArn, serial: request.mfaSerial, loginCommand: request.loginCommand });
  for (let attempt = 1; ; attempt++) {
    const code = (await mfa.ask(`MFA code for ${serial} (role ${request.roleArn}): `)).trim();
    if (/^\d{6}$/.test(code)) return code;
    if (attempt === 3) {
      throw new CredentialsError(`no valid MFA code for ${serial}: expected 6 digits`, {
        code: 'MFA_CODE_INVALID',
        hint: `run: ${request.loginCommand}`,
      });
    }
  }
}
