// The token use case: cached ExecCredential if fresh enough, else resolve credentials, presign, cache.
import { CredentialsError } from '../kernel/errors.js';
import type { Presigner } from '../kernel/ports.js';
import { resolveSigningCredentials, type RoleToAssume } from '../credentials/resolve-signing-credentials.js';
import type { CredentialsDeps } from '../credentials/credentials-deps.js';
import { TOKEN_LIFETIME_MS } from './constants.js';
import type { CachedToken } from './cache/cache-entry.js';
import { encodeToken } from './encode.js';
import { buildExecCredential } from './exec-credential.js';
import { formatTimestamp } from '../kernel/format/timestamp.js';
import { isCachedTokenUsable, isFreshEnough, tokenExpiration } from './expiry.js';
import { presignGetCallerIdentity } from './presign.js';
import { stsTargetOf } from '../aws/sts-endpoint.js';
import type { TokenRequest } from './token-request.js';

/** The token cache as the use case sees it (token/cache/token-cache.node.ts). */
interface TokenCache {
  read(key: string): CachedToken | undefined;
  /** May fail; the use case turns a failed write into a warning. */
  write(key: string, entry: CachedToken): Promise<void>;
}

export interface GetTokenDeps extends CredentialsDeps {
  presigner: () => Promise<Presigner>;
  cache: TokenCache;
}

export interface GetTokenResult {
  /** One ExecCredential JSON document, no trailing newline. */
  execCredential: string;
  token: string;
  expiration: Date;
  fromCache: boolean;
  /** When the signing credentials expire (an assumed role's session); unknown on a cache hit. */
  signingExpiration?: Date;
  /** The signing role session's SourceIdentity (a bound group); unknown on a cache hit. */
  signingSourceIdentity?: string;
}

/** A cache read the caller already made for this request (the warm path's miss): getToken does not read again. */
export interface CacheRead {
  entry?: CachedToken | undefined;
}

export async function getToken(request: TokenRequest, deps: GetTokenDeps, read?: CacheRead): Promise<GetTokenResult> {
  const { logger } = deps;
  logger.debug(
    `cluster id ${request.clusterId}, region ${request.region} (from ${request.regionSource}), STS ${request.endpoint.url} (${request.endpoint.reason})`,
  );
  logger.debug(`signing identity: ${request.source.reason}${request.roleArn ? `, role ${request.roleArn}` : ''}`);
  if (!request.flags.noCache) {
    const cached = read ? read.entry : deps.cache.read(request.cacheKey);
    if (cached && isCachedTokenUsable(cached, deps.clock.now())) {
      logger.debug(`token cache hit, valid until ${formatTimestamp(cached.expiration)}`);
      return result(request, cached, true);
    }
    logger.debug(
      !cached
        ? 'no usable cached token'
        : isFreshEnough(cached.expiration, deps.clock.now())
          ? 'cached token was signed in the future (clock set ahead then); minting a new one'
          : 'cached token too close to expiry; minting a new one',
    );
  }
  const signing = await resolveSigningCredentials(request.source, roleToAssume(request, deps.clock.now()), deps);
  logger.debug(
    `credentials: ${signing.description}${signing.expiration ? `, expiring ${formatTimestamp(signing.expiration)}` : ''}`,
  );
  const signedAt = deps.clock.now();
  const expiration = tokenExpiration(signedAt, signing.expiration);
  if (expiration.getTime() <= signedAt.getTime()) {
    throw new CredentialsError(
      `credentials for ${request.clusterId} expire at ${formatTimestamp(signing.expiration!)}, too soon to sign a token`,
      {
        hint: 'refresh the credentials (e.g. `aws sso login`) and retry',
      },
    );
  }
  const url = await presignGetCallerIdentity(
    {
      clusterId: request.clusterId,
      endpoint: request.endpoint,
      credentials: signing.credentials,
      signingDate: signedAt,
    },
    await deps.presigner(),
  );
  // The token's X-Amz-Date is the signing date to the second; the cache stores it so a hit need not decode the token.
  const minted: CachedToken = {
    token: encodeToken(url),
    expiration,
    signedAt: new Date(Math.floor(signedAt.getTime() / 1000) * 1000),
  };
  if (!request.flags.noCache && isFreshEnough(expiration, signedAt)) {
    try {
      await deps.cache.write(request.cacheKey, minted);
    } catch (error) {
      logger.warn(`could not write the token cache: ${(error as Error).message}`);
    }
  }
  return {
    ...result(request, minted, false),
    ...(signing.expiration ? { signingExpiration: signing.expiration } : {}),
    ...(signing.sourceIdentity ? { signingSourceIdentity: signing.sourceIdentity } : {}),
  };
}

function roleToAssume(request: TokenRequest, now: Date): RoleToAssume | undefined {
  if (!request.roleArn) return undefined;
  return {
    roleArn: request.roleArn,
    sts: stsTargetOf(request.endpoint),
    record: request.record,
    groupName: request.flags.group,
    ...(request.flags.sessionName ? { sessionName: { name: request.flags.sessionName, via: '--session-name' } } : {}),
    clusterName: request.flags.cluster,
    // Never sign a token with a session that dies before the token does.
    mustOutlive: new Date(now.getTime() + TOKEN_LIFETIME_MS),
  };
}

function result(request: TokenRequest, entry: CachedToken, fromCache: boolean): GetTokenResult {
  const execCredential = buildExecCredential(
    request.execInfo.apiVersion,
    entry.token,
    formatTimestamp(entry.expiration),
  );
  return { execCredential, token: entry.token, expiration: entry.expiration, fromCache };
}
