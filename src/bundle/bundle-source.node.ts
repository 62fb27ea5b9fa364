// Where a bundle comes from: a local file (absolute path recorded) or an https URL (fetched through the
// HttpsGetter: ≤ 1 MiB, ≤ 15 s, https-only redirects). --sha256 pins the exact bytes: a mismatch is exit 3
// naming both digests, checked before anything else happens. http:// (or any other scheme) is exit 2.
import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError, UsageError } from '../kernel/errors.js';
import { invalidBundleError } from './parse.js';
import { MAX_BUNDLE_BYTES } from './rules.js';
import type { Bundle } from '../record/bundle-types.js';
import { redactUrl } from '../kernel/mask.js';
import type { HttpsGetter } from '../kernel/ports.js';
import { checkBundleBytes, readBundleBytes } from './bundle-file.node.js';

const BUNDLE_FETCH_TIMEOUT_MS = 15_000;

export interface LoadedBundleSource {
  bundle: Bundle;
  /** An absolute path or the https URL as given (with its secrets: the record writer moves them to the secret store). */
  source: string;
  /** sha256 (hex) of the bytes read. */
  sha256: string;
}

/** A --sha256 value: 64 hex digits (an optional `sha256:` prefix is accepted), lower-cased. */
export function normalizeSha256(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const hex = value
    .trim()
    .replace(/^sha256:/i, '')
    .toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new UsageError(
      `--sha256 ${value}: expected 64 hexadecimal digits (the output of \`sha256sum bundle.json\`)`,
      { hint: 'run `sha256sum bundle.json` (or `shasum -a 256`) on the bundle your admin published' },
    );
  }
  return hex;
}

/** True for `https://…`; UsageError (exit 2) for http:// and other URL schemes. */
function isUrlSource(spec: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(spec)?.[1]?.toLowerCase();
  if (scheme === undefined) return false;
  if (scheme === 'https') return true;
  throw new UsageError(
    `bundle source ${redactUrl(spec)}: https is required (${scheme}:// is refused: the bundle decides which servers kubectl trusts)`,
    {
      code: 'BUNDLE_URL_NOT_HTTPS',
      hint: `publish the bundle over https and pass https://${redactUrl(spec).replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')}, or download it and pass the file`,
    },
  );
}

/** The absolute form of a source as setup records it. */
export function absoluteSource(spec: string, cwd: string): string {
  return isUrlSource(spec) ? spec : isAbsolute(spec) ? spec : resolve(cwd, spec);
}

async function readSource(
  source: string,
  https: () => Promise<HttpsGetter>,
): Promise<{ bytes: Uint8Array; size: number }> {
  if (!isUrlSource(source)) return readBundleBytes(source);
  const { bytes, truncated } = await (
    await https()
  ).get(source, { maxBytes: MAX_BUNDLE_BYTES + 1, timeoutMs: BUNDLE_FETCH_TIMEOUT_MS });
  return { bytes, size: truncated ? Math.max(bytes.length, MAX_BUNDLE_BYTES + 1) : bytes.length };
}

/**
 * Reads, pins and validates a bundle. `pin`: the expected sha256 (already normalised). A mismatch is
 * ConfigError BUNDLE_DIGEST_MISMATCH (exit 3) before the bundle is even parsed.
 */
export async function loadBundleSource(
  spec: string,
  cwd: string,
  pin: string | undefined,
  https: () => Promise<HttpsGetter>,
): Promise<LoadedBundleSource> {
  const source = absoluteSource(spec, cwd);
  const { bytes, size } = await readSource(source, https);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const shown = redactUrl(source);
  if (pin !== undefined && pin !== sha256) {
    throw new ConfigError(
      `bundle ${shown} does not match the pinned digest: expected sha256 ${pin}, got ${sha256}; nothing was stored or written`,
      {
        code: 'BUNDLE_DIGEST_MISMATCH',
        hint: 'ask your admin whether the bundle changed; if it did, pass the new digest with --sha256',
      },
    );
  }
  const { bundle, problems } = checkBundleBytes(bytes, size);
  if (!bundle) throw invalidBundleError(shown, problems, isUrlSource(source));
  return { bundle, source, sha256 };
}
