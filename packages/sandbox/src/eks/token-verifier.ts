// The EKS side of authentication, following aws-iam-authenticator's verifier (token-spec §2): format
// checks on the token and its presigned URL, then a replay of that URL to STS with this cluster's id in
// x-k8s-aws-id, then ARN canonicalisation. One deliberate deviation: the STS host allow-list is the
// sandbox's STS host instead of the sts.<region>.amazonaws.com family (docs/sandbox.md).
import { request } from 'node:https';

export class TokenRejected extends Error {}

export interface VerifiedIdentity {
  arn: string;
  canonicalArn: string;
  account: string;
  userId: string;
  sessionName: string;
  accessKeyId: string;
}

export interface VerifierOptions {
  clusterId: string;
  /** host[:port] the token's URL must point at. */
  stsHost: string;
  caPem: string;
  now: () => Date;
}

const PREFIX = 'k8s-aws-v1.';
const ALLOWED_PARAMS = new Set(['action', 'version', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-expires', 'x-amz-security-token', 'x-amz-signature', 'x-amz-signedheaders']);
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);

/** Steps 1–12: everything that needs no network. Returns the URL to replay and the access key id. */
export function checkTokenFormat(token: string, opts: VerifierOptions): { url: URL; accessKeyId: string } {
  const reject = (why: string): never => {
    throw new TokenRejected(why);
  };
  if (Buffer.byteLength(token) > 4096) reject('token is longer than 4096 bytes');
  if (!token.startsWith(PREFIX)) reject(`token does not start with ${PREFIX}`);
  const encoded = token.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(encoded) || encoded.length % 4 === 1) reject('token is not base64url without padding');
  let url: URL;
  try {
    url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return reject('token does not decode to a URL');
  }
  if (url.protocol !== 'https:') reject(`token URL scheme is ${url.protocol} (https required)`);
  if (url.host !== opts.stsHost) reject(`token URL host ${url.host} is not the STS endpoint this cluster trusts (${opts.stsHost})`);
  if (url.pathname !== '/') reject(`token URL path is ${url.pathname} (must be /)`);
  const seen = new Map<string, string>();
  try {
    for (const part of url.search.slice(1).split('&').filter(Boolean)) {
      const eq = part.indexOf('=');
      const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq)).toLowerCase();
      if (seen.has(key)) reject(`token URL repeats the parameter ${key}`);
      if (!ALLOWED_PARAMS.has(key)) reject(`token URL has the unexpected parameter ${key}`);
      seen.set(key, decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1)));
    }
  } catch (error) {
    if (error instanceof TokenRejected) throw error;
    reject('token URL query does not parse');
  }
  if (seen.get('action') !== 'GetCallerIdentity') reject(`token URL action is ${seen.get('action') ?? '(none)'} (GetCallerIdentity required)`);
  const signed = (seen.get('x-amz-signedheaders') ?? '').split(';').map((h) => h.toLowerCase());
  if (!signed.includes('x-k8s-aws-id')) reject('x-k8s-aws-id is not in X-Amz-SignedHeaders: the token is not bound to a cluster');
  const expires = seen.get('x-amz-expires') ?? '';
  if (!/^\d+$/.test(expires) || Number(expires) > 900) reject(`X-Amz-Expires ${expires || '(none)'} is not an integer in 0..900`);
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(seen.get('x-amz-date') ?? '');
  if (!m) return reject('X-Amz-Date is missing or malformed');
  const signedAt = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  if (opts.now().getTime() > signedAt + 15 * 60_000) reject(`token expired: X-Amz-Date ${m[0]} is more than 15 minutes ago`);
  return { url, accessKeyId: (seen.get('x-amz-credential') ?? '').split('/')[0]! };
}

/** Steps 13–17: replay to STS with our cluster id, read the identity, canonicalise the ARN. */
export async function verifyToken(token: string, opts: VerifierOptions): Promise<VerifiedIdentity> {
  const { url, accessKeyId } = checkTokenFormat(token, opts);
  const { status, body } = await replay(url, opts);
  if (status !== 200) {
    const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? `HTTP ${status}`;
    throw new TokenRejected(`STS rejected the replayed token: ${code}`);
  }
  let result: { Account?: string; Arn?: string; UserId?: string };
  try {
    result = JSON.parse(body).GetCallerIdentityResponse.GetCallerIdentityResult;
  } catch {
    throw new TokenRejected('STS answer is not GetCallerIdentityResponse JSON');
  }
  const arn = result.Arn ?? '';
  const canonicalArn = canonicalizeArn(arn);
  const plain = /:(user\/|root$|federated-user\/)/.test(arn) && !arn.includes(':assumed-role/');
  let userId = result.UserId ?? '';
  let sessionName = '';
  if (!plain) {
    const parts = userId.split(':');
    if (parts.length !== 2) throw new TokenRejected(`malformed UserId ${userId}`);
    [userId, sessionName] = parts as [string, string];
  }
  return { arn, canonicalArn, account: result.Account ?? '', userId, sessionName, accessKeyId };
}

/** Step 16: assumed-role ARNs become the (path-less) IAM role ARN; user/role/root/federated-user stay. */
export function canonicalizeArn(arn: string): string {
  const m = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  if (!m || !PARTITIONS.has(m[1]!)) throw new TokenRejected(`ARN ${arn} does not parse`);
  const [, partition, service, account, resource] = m as unknown as [string, string, string, string, string];
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const parts = resource.split('/');
    if (parts.length < 3) throw new TokenRejected(`assumed-role ARN ${arn} has fewer than 3 parts`);
    return `arn:${partition}:iam::${account}:role/${parts.slice(1, -1).join('/')}`;
  }
  if ((service === 'sts' && resource.startsWith('federated-user/')) || (service === 'iam' && /^(role|user)\/|^root$/.test(resource))) return arn;
  throw new TokenRejected(`ARN ${arn} is not a user, role, root or assumed role`);
}

function replay(url: URL, opts: VerifierOptions): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', ca: opts.caPem, timeout: 10_000, headers: { 'x-k8s-aws-id': opts.clusterId, accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new TokenRejected('STS replay timed out after 10 s')));
    req.on('error', (e) => reject(e instanceof TokenRejected ? e : new TokenRejected(`STS replay failed: ${e.message}`)));
    req.end();
  });
}
