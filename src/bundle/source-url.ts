// Secrets in a bundle URL (the userinfo and every query value, shown by kernel/mask.ts's redactUrl) kept out
// of plain files: the setup record holds the redacted URL, the secret store the rest under the account
// `bundle-url/<bundle>` (setup/record.ts); sync and setup join them again to fetch.
import { hasUrlSecret, redactUrl, URL_SHAPE } from '../kernel/mask.js';

/** The parts of a URL that are secret, as the secret store keeps them (JSON). */
export interface UrlSecret {
  /** The userinfo as typed (`user:password`, percent-encoding kept), without the `@`; '' when none. */
  userinfo: string;
  /** The query as typed, without the `?`; '' when none. */
  query: string;
}

/** The URL split in what a plain file may hold (`shown`, redacted) and the secret, if it has one. */
export function splitSourceUrl(url: string): { shown: string; secret?: UrlSecret } {
  const m = URL_SHAPE.exec(url);
  if (!m || !hasUrlSecret(url)) return { shown: url };
  return { shown: redactUrl(url), secret: { userinfo: m[2] ?? '', query: m[4] ?? '' } };
}

/** The URL to fetch: the redacted `shown` URL with the secret put back. */
export function joinSourceUrl(shown: string, secret: UrlSecret): string {
  const m = URL_SHAPE.exec(shown);
  if (!m) return shown;
  const [, scheme, , rest, shownQuery, hash] = m;
  const query = secret.query || shownQuery;
  return `${scheme}${secret.userinfo ? `${secret.userinfo}@` : ''}${rest}${query !== undefined ? `?${query}` : ''}${hash ?? ''}`;
}

/** Reads a stored UrlSecret (JSON); undefined when it is not one. */
function parseUrlSecret(text: string | null): UrlSecret | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<UrlSecret>;
    return typeof value.userinfo === 'string' && typeof value.query === 'string'
      ? { userinfo: value.userinfo, query: value.query }
      : undefined;
  } catch {
    return undefined;
  }
}

/** What the secret store port offers that this needs. */
interface UrlSecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
}

/**
 * The record as a plain file may hold it: a source URL with secrets (also one written in clear by an older
 * eks-login) has them moved to the secret store under `account` first, and the record keeps the redacted URL.
 */
export async function withSourceSecretStored<R extends { bundleSource?: string; bundleSourceSecret?: boolean }>(
  record: R,
  account: string,
  store: () => Promise<UrlSecretStore>,
): Promise<R> {
  if (!record.bundleSource) return record;
  const { shown, secret } = splitSourceUrl(record.bundleSource);
  if (!secret) return record;
  await (await store()).set(account, JSON.stringify(secret));
  return { ...record, bundleSource: shown, bundleSourceSecret: true };
}

/**
 * The URL to fetch for a record's source: the stored secret joined back when the record says it is stored
 * (undefined when the store no longer holds it), else the source as recorded.
 */
export async function sourceToFetch(
  record: { bundleSource?: string; bundleSourceSecret?: boolean },
  account: string,
  store: () => Promise<UrlSecretStore>,
): Promise<string | undefined> {
  if (!record.bundleSource) return undefined;
  if (!record.bundleSourceSecret) return record.bundleSource;
  const secret = parseUrlSecret(await (await store()).get(account));
  return secret ? joinSourceUrl(record.bundleSource, secret) : undefined;
}
