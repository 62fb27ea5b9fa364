// The EKS side of authentication, following aws-iam-authenticator's verifier (docs/token.md, "What the token is"): format
// checks on the token and its presigned URL (the CLI's one token parser, token/parse-token.ts), then
// a replay of that URL to STS with this cluster's id in x-k8s-aws-id, then ARN canonicalisation. One
// deliberate deviation: the STS host allow-list is the sandbox's STS host instead of the
// sts.<region>.amazonaws.com family (docs/sandbox.md).
import { request } from 'node:https';
import { TOKEN_VALIDITY_MS } from '../../../../src/token/constants.js';
import { parseToken } from '../../../../src/token/parse-token.js';
import { PARTITIONS as KNOWN_PARTITIONS } from '../../../../src/bundle/rules.js';

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

/** The partitions an ARN may name: the CLI's own list (bundle/rules.ts), like its token parser above. */
const PARTITIONS: ReadonlySet<string> = new Set(KNOWN_PARTITIONS);

/** Steps 1–12: the format rules of the one token parser, then this cluster's STS host (4) and the token's age (11). */
export function checkTokenFormat(token: string, opts: VerifierOptions): { url: URL; accessKeyId: string } {
  const parsed = parseToken(token);
  if (!parsed.ok) throw new TokenRejected(`token is malformed: ${parsed.reason}`);
  const { url, signedAt, accessKeyId } = parsed;
  if (url.host !== opts.stsHost)
    throw new TokenRejected(`token URL host ${url.host} is not the STS endpoint this cluster trusts (${opts.stsHost})`);
  if (opts.now().getTime() > signedAt.getTime() + TOKEN_VALIDITY_MS)
    throw new TokenRejected(`token expired: X-Amz-Date ${parsed.params.get('x-amz-date')} is more than 15 minutes ago`);
  return { url, accessKeyId };
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
  if (
    (service === 'sts' && resource.startsWith('federated-user/')) ||
    (service === 'iam' && /^(role|user)\/|^root$/.test(resource))
  )
    return arn;
  throw new TokenRejected(`ARN ${arn} is not a user, role, root or assumed role`);
}

function replay(url: URL, opts: VerifierOptions): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        ca: opts.caPem,
        timeout: 10_000,
        headers: { 'x-k8s-aws-id': opts.clusterId, accept: 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new TokenRejected('STS replay timed out after 10 s')));
    req.on('error', (e) =>
      reject(e instanceof TokenRejected ? e : new TokenRejected(`STS replay failed: ${e.message}`)),
    );
    req.end();
  });
}
