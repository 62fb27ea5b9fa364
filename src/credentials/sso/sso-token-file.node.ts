// SsoTokenCache over ~/.aws/sso/cache/<sha1 hex of the start URL>.json, the file aws-cli reads and writes
// for a profile with that sso_start_url: one sign-in serves both tools. 0600 in a 0700 directory, written
// atomically (a reader never sees half a token), keeping every field eks-login does not own.
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SsoToken, SsoTokenCache } from '../../kernel/sso-ports.js';
import { parseSsoToken, serializeSsoToken } from './token-file.js';
import { writePrivateFile } from '../../infra/fs/private-file.js';

export function ssoCacheDir(home: string): string {
  return join(home, '.aws', 'sso', 'cache');
}

export function ssoTokenPath(home: string, startUrl: string): string {
  return join(ssoCacheDir(home), `${createHash('sha1').update(startUrl).digest('hex')}.json`);
}

export function createSsoTokenCache(home: string): SsoTokenCache {
  const pathOf = (startUrl: string): string => ssoTokenPath(home, startUrl);
  return {
    pathOf,
    async read(startUrl): Promise<SsoToken | undefined> {
      const text = await readFile(pathOf(startUrl), 'utf8').catch(() => undefined);
      const token = text === undefined ? undefined : parseSsoToken(text);
      // A file of another start URL under this name is not ours to use.
      return token && token.startUrl === startUrl ? token : undefined;
    },
    // Read, merge, write: fields aws-cli or another tool added to the shared file are kept.
    write: async (token) => {
      const path = pathOf(token.startUrl);
      await writePrivateFile(path, serializeSsoToken(token, await readFile(path, 'utf8').catch(() => undefined)));
    },
    async remove(startUrl) {
      const path = pathOf(startUrl);
      const existed = await readFile(path).then(
        () => true,
        () => false,
      );
      await rm(path, { force: true });
      return existed;
    },
  };
}
