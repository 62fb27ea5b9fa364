// The token fast path, loaded on every kubectl call: answers a cache hit with node:fs and pure core code
// only; a miss with environment keys mints right here, any other miss runs the same runToken as the full
// CLI (dist/token-miss.js), still without yargs. Either way the miss just read is handed on, not read again.
// Returns undefined whenever the full CLI must decide (unusual argv, or the region would come from the AWS
// profile files).
import { writeSync } from 'node:fs';
import { readProfileStsSettings } from '../adapters/aws-config-file.js';
import { stdoutFailure } from '../report/output-failure.js';
import { readSetupRecord } from '../adapters/setup-record-file.js';
import { readTokenCache } from '../adapters/token-cache.js';
import { resolvePaths } from '../core/paths.js';
import { platformOf } from '../core/platform.js';
import { buildExecCredential } from '../core/token/exec-credential.js';
import { formatTimestamp } from '../core/format/timestamp.js';
import { isCachedTokenUsable } from '../core/token/expiry.js';
import { planTokenRequestWithoutFiles, type TokenRequest } from '../core/token/token-request.js';
import { readTokenArgv } from '../core/token/token-argv.js';

export async function tryFastToken(argv: readonly string[], proc: NodeJS.Process): Promise<number | undefined> {
  const flags = readTokenArgv(argv);
  const env = proc.env;
  const platform = platformOf(proc.platform);
  const home = platform.homeFromEnv(env);
  if (!flags || !home) return undefined;
  const paths = resolvePaths(env, home, platform);
  const modes = { posixModes: platform.posixModes };
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
  const read = flags.noCache ? {} : readTokenCache(paths.cacheDir, request.cacheKey, modes);
  if (read.entry && isCachedTokenUsable(read.entry, new Date())) {
    writeAll(
      `${buildExecCredential(request.execInfo.apiVersion, read.entry.token, formatTimestamp(read.entry.expiration))}\n`,
    );
    return 0;
  }
  if (request.source.source.kind === 'env' && !request.roleArn) {
    // Bundled into entry.cjs but initialised only here: a cache hit never loads node:crypto.
    const { mintInFastPath } = await import('./token-mint-env.js');
    return mintInFastPath(
      request,
      read,
      env,
      paths.cacheDir,
      writeAll,
      { write: (text) => void proc.stderr.write(text) },
      undefined,
      modes,
    );
  }
  const { mintOnCacheMiss } = await import('../app/token/token-miss.js');
  return mintOnCacheMiss(flags, request, read, proc);
}

/** Straight to fd 1: constructing process.stdout costs more than the whole cache hit. */
function writeAll(text: string): void {
  const bytes = Buffer.from(text);
  for (let offset = 0; offset < bytes.length;) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw stdoutFailure(error);
    }
  }
}
