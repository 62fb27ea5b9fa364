// An independent EKS token verifier for tests: the aws-iam-authenticator server's format checks
// (steps 1–12) plus the STS signature check done with node:crypto —
// deliberately not the production signer, so a shared bug cannot make both sides agree.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface VerifyOptions {
  /** The server's cluster id; STS would replay the URL with this x-k8s-aws-id header. */
  clusterId: string;
  now: Date;
  /** Secret access keys the "STS" knows, by access key id. */
  secrets: Record<string, string>;
  /** Server partition (default aws). */
  partition?: string;
  /** Server region (from IMDS on EKS; may be empty). */
  serverRegion?: string;
}

export type VerifyResult =
  | { ok: true; accessKeyId: string; host: string; signingRegion: string; sessionToken?: string }
  | { ok: false; step: number | 'signature'; reason: string };

const ALLOWED = [
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
];
const PARTITIONS: Record<string, { domain: string; dual: string; prefixes: string[] }> = {
  aws: { domain: 'amazonaws.com', dual: 'api.aws', prefixes: [] },
  'aws-cn': { domain: 'amazonaws.com.cn', dual: 'api.amazonwebservices.com.cn', prefixes: ['cn-'] },
  'aws-us-gov': { domain: 'amazonaws.com', dual: 'api.aws', prefixes: ['us-gov-'] },
};

export function verifyToken(token: string, options: VerifyOptions): VerifyResult {
  const fail = (step: number | 'signature', reason: string): VerifyResult => ({ ok: false, step, reason });
  if (Buffer.byteLength(token) > 4096) return fail(1, 'token longer than 4096 bytes');
  if (!token.startsWith('k8s-aws-v1.')) return fail(2, 'missing k8s-aws-v1. prefix');
  const body = token.slice('k8s-aws-v1.'.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body) || body.length % 4 === 1) return fail(2, 'not base64url without padding');
  const decoded = Buffer.from(body, 'base64url').toString('utf8');
  if (Buffer.from(decoded, 'utf8').toString('base64url') !== body) return fail(2, 'not canonical base64url');
  let url: URL;
  try {
    url = new URL(decoded);
  } catch {
    return fail(3, 'not a URL');
  }
  if (url.protocol !== 'https:') return fail(3, `scheme ${url.protocol} is not https`);
  const hostProblem = checkHost(url.hostname, options.partition ?? 'aws', options.serverRegion ?? '');
  if (hostProblem) return fail(4, hostProblem);
  if (url.pathname !== '/') return fail(5, `path ${url.pathname} is not /`);
  const params = new Map<string, string>();
  const rawQuery = decoded.includes('?') ? decoded.slice(decoded.indexOf('?') + 1) : '';
  for (const pair of rawQuery.split('&')) {
    const eq = pair.indexOf('=');
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      value = decodeURIComponent(eq < 0 ? '' : pair.slice(eq + 1));
    } catch {
      return fail(6, 'bad percent-encoding');
    }
    const lower = key.toLowerCase();
    if (!ALLOWED.includes(lower)) return fail(6, `unexpected parameter ${key}`);
    if (params.has(lower)) return fail(6, `duplicate parameter ${key}`);
    params.set(lower, value);
  }
  if (params.get('action') !== 'GetCallerIdentity') return fail(7, 'action is not GetCallerIdentity');
  const signedHeaders = (params.get('x-amz-signedheaders') ?? '').split(';');
  if (!signedHeaders.some((h) => h.toLowerCase() === 'x-k8s-aws-id')) return fail(8, 'x-k8s-aws-id is not signed');
  const expires = params.get('x-amz-expires') ?? '';
  if (!/^\d+$/.test(expires) || Number(expires) > 900) return fail(9, `X-Amz-Expires ${expires} not in [0, 900]`);
  const date = parseAmzDate(params.get('x-amz-date') ?? '');
  if (!date) return fail(10, 'X-Amz-Date missing or malformed');
  if (options.now.getTime() > date.getTime() + 15 * 60_000) return fail(11, 'token expired (older than 15 minutes)');
  const credential = params.get('x-amz-credential') ?? '';
  const accessKeyId = credential.split('/')[0] ?? '';
  return (
    checkSignature(url, rawQuery, params, accessKeyId, options) ?? {
      ok: true,
      accessKeyId,
      host: url.host,
      signingRegion: credential.split('/')[2] ?? '',
      ...(params.has('x-amz-security-token') ? { sessionToken: params.get('x-amz-security-token')! } : {}),
    }
  );
}

function checkHost(host: string, partition: string, serverRegion: string): string | undefined {
  const p = PARTITIONS[partition];
  if (!p) return `unknown partition ${partition}`;
  if (host === 'sts.amazonaws.com')
    return partition === 'aws' ? undefined : 'global endpoint outside the aws partition';
  const labels = host.split('.');
  if (labels.length < 4) return `host ${host} has too few labels`;
  const region = labels[1]!;
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(region)) return `bad region label ${region}`;
  const regionPartition =
    Object.values(PARTITIONS).find((q) => q.prefixes.some((x) => region.startsWith(x))) ?? PARTITIONS.aws!;
  const candidates = ['sts', 'sts-fips'].flatMap((l) => [
    `${l}.${region}.${regionPartition.domain}`,
    `${l}.${region}.${regionPartition.dual}`,
  ]);
  if (serverRegion) candidates.push(`sts.${serverRegion}.${p.domain}`, `sts.${serverRegion}.${p.dual}`);
  if (!candidates.includes(host)) return `host ${host} is not an STS endpoint of ${region}`;
  const rest = labels.slice(2).join('.');
  if (rest !== p.domain && rest !== p.dual) return `host ${host} is outside partition ${partition}`;
  return undefined;
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** STS's side of the replay: recompute SigV4 over the URL with the server's cluster id header. */
function checkSignature(
  url: URL,
  rawQuery: string,
  params: Map<string, string>,
  accessKeyId: string,
  options: VerifyOptions,
): VerifyResult | undefined {
  const fail = (reason: string): VerifyResult => ({ ok: false, step: 'signature', reason });
  const secret = options.secrets[accessKeyId];
  if (secret === undefined) return fail(`unknown access key ${accessKeyId}`);
  const [, day, region, service, terminator] = (params.get('x-amz-credential') ?? '').split('/');
  const amzDate = params.get('x-amz-date')!;
  if (
    params.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256' ||
    service !== 'sts' ||
    terminator !== 'aws4_request' ||
    day !== amzDate.slice(0, 8)
  ) {
    return fail('bad algorithm or credential scope');
  }
  const encode = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const pairs = rawQuery
    .split('&')
    .map((pair) => pair.split('=').map((part) => decodeURIComponent(part ?? '')) as [string, string]);
  const canonicalQuery = pairs
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [encode(k), encode(v ?? '')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headerValues: Record<string, string> = { host: url.host, 'x-k8s-aws-id': options.clusterId };
  const signedHeaders = params.get('x-amz-signedheaders')!.toLowerCase().split(';');
  if (signedHeaders.some((h) => headerValues[h] === undefined)) return fail('signs a header the replay does not send');
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${headerValues[h]}\n`).join('');
  const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
  const canonicalRequest = ['GET', '/', canonicalQuery, canonicalHeaders, signedHeaders.join(';'), sha256('')].join(
    '\n',
  );
  const scope = `${day}/${region}/sts/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day!), region!), 'sts'), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign).digest();
  const given = Buffer.from(params.get('x-amz-signature') ?? '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail('signature mismatch');
  return undefined;
}
