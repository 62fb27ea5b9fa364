// RegistrationCache: eks-login's OIDC client registrations (clientId, clientSecret, expiry), one file per
// (start URL, region, flow) under <cache dir>/sso/, 0600: RegisterClient runs once per ~90 days, not per sign-in.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegistrationCache, SsoRegistration } from '../../kernel/sso-ports.js';
import { writePrivateFile } from '../../infra/fs/private-file.js';

export function createRegistrationCache(cacheDir: string): RegistrationCache {
  const pathOf = (key: string): string =>
    join(cacheDir, 'sso', `client-${createHash('sha1').update(key).digest('hex')}.json`);
  return {
    async read(key) {
      const text = await readFile(pathOf(key), 'utf8').catch(() => undefined);
      if (!text) return undefined;
      try {
        const doc = JSON.parse(text) as { key?: string; clientId?: string; clientSecret?: string; expiresAt?: string };
        const expiresAt = new Date(doc.expiresAt ?? '');
        if (doc.key !== key || !doc.clientId || !doc.clientSecret || Number.isNaN(expiresAt.getTime()))
          return undefined;
        return { clientId: doc.clientId, clientSecret: doc.clientSecret, expiresAt };
      } catch {
        return undefined;
      }
    },
    write: (key, reg: SsoRegistration) =>
      writePrivateFile(
        pathOf(key),
        `${JSON.stringify({ key, clientId: reg.clientId, clientSecret: reg.clientSecret, expiresAt: reg.expiresAt.toISOString() })}\n`,
      ),
  };
}
