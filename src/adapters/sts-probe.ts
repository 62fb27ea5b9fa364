// StsProbe over node:https: replays a token's presigned GetCallerIdentity exactly as the cluster's
// verifier does (GET, x-k8s-aws-id header, JSON accepted) and reads STS's Date header. No redirects.
import { request as httpsRequest } from 'node:https';
import { decodeTokenUrl } from '../core/token-inspect/inspect-token.js';
import type { StsProbe, TokenReplay } from '../ports.js';
import { translateNetworkError } from './network-error.js';

const TIMEOUT_MS = 10_000;

function translate(error: Error & { code?: string }, endpoint: string): Error {
  return translateNetworkError(error, {
    target: `STS ${endpoint}`,
    timeoutMs: TIMEOUT_MS,
    caHint: 'a proxy or an AWS_ENDPOINT_URL_STS override serves another certificate; NODE_EXTRA_CA_CERTS adds a CA',
    reachHint: 'check the network path to STS (proxy, VPC endpoint, AWS_ENDPOINT_URL_STS)',
  });
}

interface RawAnswer {
  status: number;
  date?: Date;
  text: string;
}

function get(url: URL, headers: Record<string, string>, ca: string | undefined): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: 'GET', headers, agent: false, ...(ca ? { ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const date = res.headers.date ? new Date(res.headers.date) : undefined;
        resolve({
          status: res.statusCode ?? 0,
          ...(date && !Number.isNaN(date.getTime()) ? { date } : {}),
          text: Buffer.concat(chunks).toString('utf8').slice(0, 64 * 1024),
        });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), TIMEOUT_MS);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (error) => reject(translate(error, url.origin)));
    req.end();
  });
}

/** Reads a field from STS's JSON or XML answer (both occur: JSON when asked, XML from older emulators). */
function field(text: string, name: string): string | undefined {
  try {
    const found = findKey(JSON.parse(text), name);
    if (found !== undefined) return found;
  } catch {
    /* not JSON */
  }
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
}

function findKey(value: unknown, name: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key === name && typeof inner === 'string') return inner;
    const deeper = findKey(inner, name);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

/** `ca` replaces the trusted roots (tests); by default Node's roots plus NODE_EXTRA_CA_CERTS. */
export function createStsProbe(options: { ca?: string } = {}): StsProbe {
  return {
    async replayToken(token, clusterId): Promise<TokenReplay> {
      const url = decodeTokenUrl(token);
      const answer = await get(url, { 'x-k8s-aws-id': clusterId, Accept: 'application/json', 'User-Agent': 'eks-login' }, options.ca);
      const base = { status: answer.status, ...(answer.date ? { serverDate: answer.date } : {}) };
      if (answer.status === 200) {
        const arn = field(answer.text, 'Arn');
        const account = field(answer.text, 'Account');
        const userId = field(answer.text, 'UserId');
        if (arn && account) return { ...base, identity: { arn, account, userId: userId ?? '' } };
        return { ...base, status: 502, errorCode: 'UnreadableAnswer', errorMessage: 'STS answered 200 without Arn/Account' };
      }
      const errorCode = field(answer.text, 'Code');
      const errorMessage = field(answer.text, 'Message');
      return { ...base, ...(errorCode ? { errorCode } : {}), ...(errorMessage ? { errorMessage } : {}) };
    },
    async serverDate(endpoint): Promise<Date> {
      const answer = await get(new URL('/', endpoint), { 'User-Agent': 'eks-login' }, options.ca);
      if (!answer.date) throw translate(Object.assign(new Error('no Date header in the answer'), { code: 'ENODATE' }), endpoint);
      return answer.date;
    },
  };
}
