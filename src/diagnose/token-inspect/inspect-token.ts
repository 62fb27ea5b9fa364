// Reads what an EKS bearer token holds, offline: the presigned STS URL inside it, checked by the one token
// parser (token/parse-token.ts: the verifier's format rules, docs/token.md, "What the token is"). Pure.
import { ConfigError } from '../../kernel/errors.js';
import { maskSecret } from '../../kernel/mask.js';
import { TOKEN_VALIDITY_MS } from '../../token/constants.js';
import { parseToken } from '../../token/parse-token.js';

export interface TokenInspection {
  /** Characters in the token. */
  length: number;
  stsHost: string;
  /** `http` for an emulator's STS (LocalStack, moto, the sandbox): a real EKS cluster only accepts https STS hosts. */
  stsScheme: 'https' | 'http';
  /** Region named by the host (`sts.<region>.…`), `global` for sts.amazonaws.com, null for other hosts. */
  hostRegion: string | null;
  /** Region of the SigV4 credential scope (what the signature is bound to). */
  signingRegion: string;
  /** Access key id masked to its last 4 characters. */
  accessKeyId: string;
  /** ASIA… keys with a session token are temporary (an assumed role); AKIA… without one are long-term. */
  sessionToken: boolean;
  /** Whether x-k8s-aws-id is among the signed headers (the cluster id itself is never in the token). */
  clusterIdSigned: boolean;
  signedAt: string;
  /** signedAt + 15 min: when STS stops accepting the token. */
  validUntil: string;
  /** Seconds since signing (negative: signed in the future, i.e. a clock ahead of ours). */
  ageSeconds: number;
  /** Seconds of validity left (<= 0: expired). */
  remainingSeconds: number;
  expired: boolean;
  /** X-Amz-Expires as written (60 by both aws-cli and aws-iam-authenticator; STS ignores it). */
  presignExpiresSeconds: number;
}

/** What a malformed token gets: exit 3 naming the rule it broke. */
function malformed(why: string): ConfigError {
  return new ConfigError(`token is malformed: ${why}`, {
    code: 'TOKEN_MALFORMED',
    hint: 'pass the whole token (k8s-aws-v1.…) or the ExecCredential JSON that `eks-login token` printed',
  });
}

/** Accepts a bare token or an ExecCredential JSON document (status.token). */
function extractToken(input: string): string {
  const text = input.trim();
  if (!text.startsWith('{')) return text;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('the input starts with `{` but is not valid JSON');
  }
  const token = (doc as { status?: { token?: unknown } } | null)?.status?.token;
  if (typeof token !== 'string') throw malformed('the JSON has no status.token (is it an ExecCredential?)');
  return token;
}

/** Region label of an STS host: `sts.<region>.…` / `sts-fips.<region>.…`; `global` for sts.amazonaws.com. */
function stsHostRegion(host: string): string | null {
  if (host === 'sts.amazonaws.com') return 'global';
  const labels = host.split('.');
  if (labels.length >= 4 && /^sts(-fips)?$/.test(labels[0]!)) return labels[1]!;
  return null;
}

/** The presigned STS URL inside a token (its format checked as `token --decode` does); throws ConfigError (exit 3). */
export function tokenStsUrl(token: string): URL {
  const parsed = parseToken(token, { allowHttp: true });
  if (!parsed.ok) throw malformed(parsed.reason);
  return parsed.url;
}

/** Decodes and checks a token; throws ConfigError (exit 3) saying what is wrong. */
export function inspectToken(input: string, now: Date): TokenInspection {
  const token = extractToken(input);
  const parsed = parseToken(token, { allowHttp: true });
  if (!parsed.ok) throw malformed(parsed.reason);
  const { url, params, scope, signedAt, presignExpiresSeconds } = parsed;
  // Beyond the verifier's format rules, what `--decode` explains needs a SigV4 credential scope and a signature.
  if (!scope) throw malformed('X-Amz-Credential is not <key id>/<date>/<region>/sts/aws4_request');
  if (!params.get('x-amz-signature')) throw malformed('X-Amz-Signature is missing from the presigned URL');
  const validUntil = new Date(signedAt.getTime() + TOKEN_VALIDITY_MS);
  const ageSeconds = Math.round((now.getTime() - signedAt.getTime()) / 1000);
  const remainingSeconds = Math.round((validUntil.getTime() - now.getTime()) / 1000);
  return {
    length: token.length,
    stsHost: url.host,
    stsScheme: url.protocol === 'http:' ? 'http' : 'https',
    hostRegion: stsHostRegion(url.hostname),
    signingRegion: scope.region,
    accessKeyId: maskSecret(parsed.accessKeyId),
    sessionToken: params.has('x-amz-security-token'),
    clusterIdSigned: true,
    signedAt: signedAt.toISOString().replace('.000Z', 'Z'),
    validUntil: validUntil.toISOString().replace('.000Z', 'Z'),
    ageSeconds,
    remainingSeconds,
    expired: remainingSeconds <= 0,
    presignExpiresSeconds,
  };
}
