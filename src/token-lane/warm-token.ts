// The token fast path, dist/hit.cjs, loaded on every kubectl call by the entry (main.ts, with V8's code
// cache: token-lane/code-cache.ts): answers a cache hit with node:fs and pure core code only. Anything else goes back to the entry, which loads the rest (dispatch.ts) only then: a miss
// carries the plan and the cache read just made, so the miss is minted without reading the cache again.
// Returns undefined whenever the full CLI must decide (no home directory, unusual argv, or the region would come
// from the AWS profile files). The code cache writer is here too (saveCodeCache, for the entry): it runs only
// after a hit that had no sound cache, so the entry, compiled on every hit, does not carry it.
import { writeSync } from 'node:fs';
import { readProfileStsSettings } from '../infra/aws/aws-config-file.js';
import { stdoutFailure } from '../infra/output-failure.js';
import { readSetupRecord } from '../record/setup-record-file.node.js';
import { readTokenCache } from '../token/cache/token-cache.node.js';
import { buildExecCredential } from '../token/exec-credential.js';
import { formatTimestamp } from '../kernel/format/timestamp.js';
import { isCachedTokenUsable } from '../token/expiry.js';
import type { CacheRead } from '../token/get-token.js';
import { planTokenRequestWithoutFiles, type TokenFlags, type TokenRequest } from '../token/token-request.js';
import { readTokenArgv } from '../token/token-argv.js';
import { warmPlace, type WarmPlace } from './warm-paths.js';

export { saveCodeCache } from './code-cache-writer.js';

/** A cache miss the fast path planned: what minting it needs, the cache read included. */
export interface FastTokenMiss extends WarmPlace {
  flags: TokenFlags;
  request: TokenRequest;
  read: CacheRead;
}

/** 'hit' once the ExecCredential is written; a miss to mint; undefined when the full CLI must decide. */
export async function tryFastToken(
  argv: readonly string[],
  proc: Pick<NodeJS.Process, 'platform' | 'env'>,
): Promise<'hit' | FastTokenMiss | undefined> {
  const place = warmPlace(proc);
  const flags = place && readTokenArgv(argv);
  if (!flags) return undefined;
  const { env } = proc;
  const { paths, posixModes } = place;
  let request: TokenRequest | undefined;
  try {
    const record = flags.bundle ? readSetupRecord(paths.setupsDir, flags.bundle) : undefined;
    request = await planTokenRequestWithoutFiles({
      flags,
      env,
      record,
      profileSts: (profile) => readProfileStsSettings(env, profile),
    });
  } catch {
    return undefined; // the full CLI reports the error with its usual format
  }
  if (!request) return undefined;
  // --no-cache: getToken reads nothing either (an empty read is never used).
  const read = flags.noCache ? {} : readTokenCache(paths.cacheDir, request.cacheKey, { posixModes });
  if (read.entry && isCachedTokenUsable(read.entry, new Date())) {
    writeAll(
      `${buildExecCredential(request.execInfo.apiVersion, read.entry.token, formatTimestamp(read.entry.expiration))}\n`,
    );
    return 'hit';
  }
  return { flags, request, read, paths, posixModes };
}

/** Straight to fd 1: constructing process.stdout costs more than the whole cache hit. */
export function writeAll(text: string): void {
  const bytes = Buffer.from(text);
  for (let offset = 0; offset < bytes.length;) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw stdoutFailure(error);
    }
  }
}
