// The trusted roots of a request: Node's defaults (the system/Mozilla roots plus NODE_EXTRA_CA_CERTS) when no
// CA bundle is configured; with AWS_CA_BUNDLE or a profile's ca_bundle, those same roots PLUS the bundle
// (Node's `ca` option replaces the defaults, so they are listed again).
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { ConfigError } from '../../kernel/errors.js';
import type { Env } from '../../kernel/ports.js';
import type { CaBundleFile } from './settings.js';

const cache = new Map<string, string[] | undefined>();

/** undefined: Node's defaults apply. Throws ConfigError (exit 3) for an unreadable or certificate-less bundle. */
export function trustedRoots(caBundles: readonly CaBundleFile[], env: Env): string[] | undefined {
  if (caBundles.length === 0) return undefined;
  const key = JSON.stringify([caBundles, env.NODE_EXTRA_CA_CERTS ?? '']);
  if (cache.has(key)) return cache.get(key);
  const roots = [...rootCertificates, ...nodeExtraCerts(env)];
  for (const bundle of caBundles) roots.push(...readBundle(bundle));
  cache.set(key, roots);
  return roots;
}

function nodeExtraCerts(env: Env): string[] {
  const file = env.NODE_EXTRA_CA_CERTS?.trim();
  if (!file) return [];
  try {
    return pemBlocks(readFileSync(file, 'utf8'));
  } catch {
    return []; // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS
  }
}

function readBundle(bundle: CaBundleFile): string[] {
  let text: string;
  try {
    text = readFileSync(bundle.path, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`cannot read the CA bundle ${bundle.path} named by ${bundle.source}: ${why}`, {
      code: 'CA_BUNDLE_UNREADABLE',
      hint: `point ${bundle.source} at a readable PEM file, or unset it`,
      cause: error,
    });
  }
  const blocks = pemBlocks(text);
  if (blocks.length === 0) {
    throw new ConfigError(`the CA bundle ${bundle.path} named by ${bundle.source} holds no PEM certificate`, {
      code: 'CA_BUNDLE_UNREADABLE',
      hint: `${bundle.source} must name a file of "-----BEGIN CERTIFICATE-----" blocks`,
    });
  }
  return blocks;
}

function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
