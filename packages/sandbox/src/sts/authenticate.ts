// Authenticates an STS request the way STS does: SigV4 in the Authorization header (the SDK's POSTs) or
// in the query string (the presigned GetCallerIdentity inside an EKS token). Checks the key exists and
// is active, the session token and its expiry, the credential scope, the request time and the signature.
import { createHash } from 'node:crypto';
import type { Principal, SandboxState } from '../state.js';
import { principalForKey } from '../state.js';
import {
  canonicalQuery,
  canonicalRequest,
  parseAmzDate,
  parseCredential,
  parseRawQuery,
  sameSignature,
  signatureOf,
  uriEncode,
} from '../sigv4.js';
import type { Scope } from '../sigv4.js';
import { StsFault, expiredToken, invalidToken, signatureMismatch } from './fault.js';

export interface IncomingStsRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  /** Lower-case name → every value received. */
  headers: Map<string, string[]>;
  body: Buffer;
}

export interface Authenticated {
  principal: Principal;
  presigned: boolean;
  signedHeaders: string[];
}

const SKEW_MS = 5 * 60_000;
const PRESIGN_VALIDITY_MS = 15 * 60_000;

interface SignatureParts {
  credential: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string | undefined;
  securityToken: string | undefined;
  presigned: boolean;
}

/** `service`: the credential scope's service (sts; eks for the EKS control-plane API, which reuses this check). */
export function authenticate(state: SandboxState, req: IncomingStsRequest, service = 'sts'): Authenticated {
  const [path = '/', rawQuery = ''] = splitOnce(req.url, '?');
  let pairs: Array<[string, string]>;
  try {
    pairs = parseRawQuery(rawQuery);
  } catch {
    throw new StsFault(400, 'MalformedQueryString', 'The query string contains an invalid percent-escape.');
  }
  const parts = signatureParts(req, pairs);
  const cred = parseCredential(parts.credential);
  if (!cred)
    throw new StsFault(
      400,
      'IncompleteSignature',
      `Credential "${parts.credential}" is not AKID/yyyymmdd/region/service/aws4_request.`,
    );
  const amzDate = parseAmzDate(parts.amzDate);
  if (!amzDate) throw new StsFault(400, 'IncompleteSignature', 'X-Amz-Date is missing or not yyyymmddThhmmssZ.');
  checkScope(cred.scope, parts.amzDate!, service);
  if (!parts.signedHeaders.includes('host'))
    throw new StsFault(400, 'IncompleteSignature', 'SignedHeaders must include host.');

  const found = principalForKey(state, cred.accessKeyId);
  if (!found || found.status !== 'Active') throw invalidToken();
  const canonical = canonicalRequest({
    method: req.method,
    // SigV4 for every service but S3 encodes each path segment once more (a no-op for STS's "/").
    path: path.split('/').map(uriEncode).join('/'),
    query: canonicalQuery(pairs, parts.presigned ? ['X-Amz-Signature'] : []),
    headers: req.headers,
    signedHeaders: parts.signedHeaders,
    payloadHash: createHash('sha256').update(req.body).digest('hex'),
  });
  if (!sameSignature(signatureOf(found.secret, parts.amzDate!, cred.scope, canonical), parts.signature))
    throw signatureMismatch();
  if (found.sessionToken !== parts.securityToken) throw invalidToken();

  const now = state.clock.now().getTime();
  if (found.expiration && now >= found.expiration.getTime()) throw expiredToken();
  if (parts.presigned) {
    if (now > amzDate.getTime() + PRESIGN_VALIDITY_MS)
      throw new StsFault(
        403,
        'ExpiredToken',
        `The presigned request has expired: X-Amz-Date ${parts.amzDate} is more than 15 minutes ago.`,
      );
  } else if (now > amzDate.getTime() + SKEW_MS) {
    throw new StsFault(
      403,
      'SignatureDoesNotMatch',
      `Signature expired: ${parts.amzDate} is now earlier than the current time minus 5 min.`,
    );
  }
  if (amzDate.getTime() > now + SKEW_MS)
    throw new StsFault(
      403,
      'SignatureDoesNotMatch',
      `Signature not yet current: ${parts.amzDate} is still later than the current time plus 5 min.`,
    );
  return { principal: found.principal, presigned: parts.presigned, signedHeaders: parts.signedHeaders };
}

function signatureParts(req: IncomingStsRequest, pairs: Array<[string, string]>): SignatureParts {
  const header = req.headers.get('authorization')?.[0];
  const q = (name: string): string | undefined => pairs.find(([k]) => k === name)?.[1];
  if (header !== undefined) {
    const m = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
      header.trim(),
    );
    if (!m)
      throw new StsFault(400, 'IncompleteSignature', 'Authorization header is not a SigV4 AWS4-HMAC-SHA256 signature.');
    return {
      credential: m[1]!,
      signedHeaders: m[2]!.split(';'),
      signature: m[3]!,
      amzDate: req.headers.get('x-amz-date')?.[0],
      securityToken: req.headers.get('x-amz-security-token')?.[0],
      presigned: false,
    };
  }
  if (q('X-Amz-Signature') === undefined)
    throw new StsFault(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
  if (q('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
    throw new StsFault(400, 'IncompleteSignature', 'X-Amz-Algorithm must be AWS4-HMAC-SHA256.');
  return {
    credential: q('X-Amz-Credential') ?? '',
    signedHeaders: (q('X-Amz-SignedHeaders') ?? '').split(';'),
    signature: q('X-Amz-Signature')!,
    amzDate: q('X-Amz-Date'),
    securityToken: q('X-Amz-Security-Token'),
    presigned: true,
  };
}

function checkScope(scope: Scope, amzDate: string, service: string): void {
  if (scope.service !== service)
    throw new StsFault(403, 'SignatureDoesNotMatch', `Credential should be scoped to correct service: '${service}'.`);
  if (scope.date !== amzDate.slice(0, 8))
    throw new StsFault(
      403,
      'SignatureDoesNotMatch',
      'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.',
    );
  if (!/^[a-z0-9-]+$/.test(scope.region))
    throw new StsFault(
      403,
      'SignatureDoesNotMatch',
      `Credential should be scoped to a valid region, not '${scope.region}'.`,
    );
}

function splitOnce(value: string, sep: string): [string, string] {
  const i = value.indexOf(sep);
  return i < 0 ? [value, ''] : [value.slice(0, i), value.slice(i + 1)];
}
