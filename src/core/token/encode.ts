// The token codec: `k8s-aws-v1.` + base64url(presigned URL) without `=` padding (token-spec §1.1).
// Uses the platform's btoa/atob (the URL is ASCII), so core stays free of node:* imports.
import { TOKEN_PREFIX } from './constants.js';

/** Encodes a presigned URL as an EKS bearer token. */
export function encodeToken(presignedUrl: string): string {
  const b64 = btoa(presignedUrl);
  return TOKEN_PREFIX + b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes a token back to its URL; undefined when the prefix is missing or the payload is not base64url without padding. */
export function decodeToken(token: string): string | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const body = token.slice(TOKEN_PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(body) || body.length % 4 === 1) return undefined;
  const b64 = body.replace(/-/g, '+').replace(/_/g, '/');
  try {
    return atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  } catch {
    return undefined;
  }
}
