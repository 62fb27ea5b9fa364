// The group role session, single-flight across processes: read the cache; if it cannot be used, take
// the lock for this (source, role) and, inside it, read again → maybe ask for MFA → AssumeRole → write.
// Twenty kubectl processes on a cold cache thus cause one AssumeRole and at most one MFA prompt.
import { ConfigError, CredentialsError, isEksLoginError } from '../../kernel/errors.js';
import type {
  AwsCredentials,
  CallerIdentity,
  Clock,
  Locker,
  Logger,
  MfaPrompt,
  SecretStore,
  StsGateway,
  StsTarget,
} from '../../kernel/ports.js';
import {
  isUsable,
  parseRoleSession,
  roleSessionAccount,
  roleSessionKey,
  serializeRoleSession,
  type CachedRoleSession,
} from './cache-entry.js';
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

export interface RoleSessionDeps {
  clock: Clock;
  logger: Logger;
  store: SecretStore;
  locker: Locker;
  sts: () => Promise<StsGateway>;
  /** The source identity's credentials; `refresh` asks for new ones after STS said ExpiredToken. */
  baseCredentials: (refresh: boolean) => Promise<AwsCredentials>;
  mfa: MfaPrompt;
  /** Records which sessions exist, so logout can find them (optional); called on every use, so it must be cheap when nothing changed. */
  onStored?: (account: string, request: RoleSessionRequest, session: CachedRoleSession) => Promise<void>;
  /** After a new session was stored: true when a logout ran meanwhile, so the session is removed again (used once, not kept). */
  loggedOutMeanwhile?: () => Promise<boolean>;
  /** Removes a session from the index (logout's list); used when a logout ran meanwhile. */
  onDiscarded?: (account: string) => Promise<void>;
}

export interface RoleSessionResult extends CachedRoleSession {
  fromCache: boolean;
  account: string;
}

export async function obtainRoleSession(
  request: RoleSessionRequest,
  deps: RoleSessionDeps,
): Promise<RoleSessionResult> {
  const key = roleSessionKey({
    sourceKey: request.sourceKey,
    roleArn: request.roleArn,
    externalId: request.externalId,
    stsUrl: request.sts.endpoint,
    sessionName: request.sessionName?.name,
  });
  const account = roleSessionAccount(key);
  if (!request.forceRefresh) {
    const cached = await readCached(deps, account, key);
    if (cached && usable(cached, request, deps.clock.now())) {
      deps.logger.debug(
        `role session for ${request.roleArn} from the cache (${deps.store.location}), valid until ${cached.credentials.expiration.toISOString()}`,
      );
      // Keep it findable by logout even if the session index was lost (e.g. the cache directory was removed).
      await deps
        .onStored?.(account, request, cached)
        .catch((error: unknown) => deps.logger.debug(`session index not updated: ${(error as Error).message}`));
      return { ...cached, fromCache: true, account };
    }
  }
  return deps.locker.withLock(account, async () => {
    if (!request.forceRefresh) {
      // Another process may have refreshed while we waited for the lock.
      const cached = await readCached(deps, account, key);
      if (cached && usable(cached, request, deps.clock.now())) {
        deps.logger.debug(`role session for ${request.roleArn} refreshed by another eks-login process`);
        return { ...cached, fromCache: true, account };
      }
    }
    const session = await assume(request, deps);
    try {
      await deps.store.set(account, serializeRoleSession(key, session));
    } catch (error) {
      deps.logger.warn(
        `could not cache the role session for ${request.roleArn} in ${deps.store.location}: ${(error as Error).message}`,
      );
      return { ...session, fromCache: false, account };
    }
    // The index names its own file in its errors (role-sessions.json, not the store's file).
    await deps
      .onStored?.(account, request, session)
      .catch((error: unknown) =>
        deps.logger.warn(
          `the role session for ${request.roleArn} is cached but not listed for logout: ${(error as Error).message}`,
        ),
      );
    if (await deps.loggedOutMeanwhile?.()) {
      // Nothing written after a logout survives it: it may have deleted before this write landed.
      await deps.store.delete(account);
      await deps.onDiscarded?.(account);
      deps.logger.warn(
        `a logout ran while the role ${request.roleArn} was being assumed; the new session is used for this token only and not kept`,
      );
    }
    return { ...session, fromCache: false, account };
  });
}

/** A bound group never reuses a session made without SourceIdentity (cached before the admin migrated the group). */
function usable(cached: CachedRoleSession, request: RoleSessionRequest, now: Date): boolean {
  return (
    isUsable(cached, now, request.mustOutlive) && (!request.bindSourceIdentity || cached.sourceIdentity !== undefined)
  );
}

async function readCached(deps: RoleSessionDeps, account: string, key: string): Promise<CachedRoleSession | undefined> {
  try {
    return parseRoleSession(await deps.store.get(account), key);
  } catch (error) {
    // An unreadable cache is a miss, never fatal: the refresh path still works (and reports a real failure).
    deps.logger.debug(`role session cache unreadable (${(error as Error).message}); assuming the role`);
    return undefined;
  }
}

async function assume(request: RoleSessionRequest, deps: RoleSessionDeps): Promise<CachedRoleSession> {
  if (request.mfaRequired && !deps.mfa.available)
    throw mfaNeedsTerminal({ roleArn: request.roleArn, serial: request.mfaSerial, loginCommand: request.loginCommand });
  const gateway = await deps.sts();
  let refreshed = false;
  let tokenCode: string | undefined;
  for (;;) {
    const base = await deps.baseCredentials(refreshed);
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
      if (serialNumber) tokenCode ??= await askMfa(request, serialNumber, deps.mfa);
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
