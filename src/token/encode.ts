// The token encoder: `k8s-aws-v1.` + base64url(presigned URL) without `=` padding.
// Uses the platform's btoa (the URL is ASCII), so core stays free of node:* imports. The one decoder is
// parse-token.ts.
import { TOKEN_PREFIX } from './constants.js';

/** Encodes a presigned URL as an EKS bearer token. */
export function encodeToken(presignedUrl: string): string {
  const b64 = btoa(presignedUrl);
  return TOKEN_PREFIX + b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
