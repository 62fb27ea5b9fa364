// StsProbe over the HTTP layer (http or https STS, proxy, CA bundle, hard deadline): replays a token's
// presigned GetCallerIdentity exactly as the cluster's verifier does (GET, x-k8s-aws-id header, JSON
// accepted) and reads STS's Date header. No redirects.
import { tokenStsUrl } from './token-inspect/inspect-token.js';
import { NetworkError } from '../kernel/errors.js';
import type { StsProbe, TokenReplay } from '../kernel/ports.js';
import { httpRequest } from '../infra/http/request.js';
import type { HttpSettings } from '../infra/http/settings.js';

interface RawAnswer {
  status: number;
  date?: Date;
  text: string;
}

async function get(
  url: URL,
  headers: Record<string, string>,
  http: HttpSettings,
  ca: string | undefined,
): Promise<RawAnswer> {
  const answer = await httpRequest(url, http, {
    headers,
    maxBytes: 64 * 1024,
    target: `STS ${url.origin}`,
    ...(ca ? { tls: { ca } } : {}),
    caHint:
      'a proxy or an AWS_ENDPOINT_URL_STS override serves another certificate; AWS_CA_BUNDLE or NODE_EXTRA_CA_CERTS adds a CA',
    reachHint: 'check the network path to STS (HTTPS_PROXY/NO_PROXY, VPC endpoint, AWS_ENDPOINT_URL_STS)',
  });
  const rawDate = answer.headers.date;
  const date = rawDate ? new Date(rawDate) : undefined;
  return {
    status: answer.status,
    ...(date && !Number.isNaN(date.getTime()) ? { date } : {}),
    text: answer.body.toString('utf8'),
  };
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

/** `http`: the HTTP layer's settings the composition root made; `ca` replaces the trusted roots (tests). */
export function createStsProbe(options: { ca?: string; http: HttpSettings }): StsProbe {
  const http = options.http;
  return {
    async replayToken(token, clusterId): Promise<TokenReplay> {
      const url = tokenStsUrl(token);
      const answer = await get(
        url,
        { 'x-k8s-aws-id': clusterId, Accept: 'application/json', 'User-Agent': 'eks-login' },
        http,
        options.ca,
      );
      const base = { status: answer.status, ...(answer.date ? { serverDate: answer.date } : {}) };
      if (answer.status === 200) {
        const arn = field(answer.text, 'Arn');
        const account = field(answer.text, 'Account');
        const userId = field(answer.text, 'UserId');
        if (arn && account) return { ...base, identity: { arn, account, userId: userId ?? '' } };
        return {
          ...base,
          status: 502,
          errorCode: 'UnreadableAnswer',
          errorMessage: 'STS answered 200 without Arn/Account',
        };
      }
      const errorCode = field(answer.text, 'Code');
      const errorMessage = field(answer.text, 'Message');
      return { ...base, ...(errorCode ? { errorCode } : {}), ...(errorMessage ? { errorMessage } : {}) };
    },
    async serverDate(endpoint): Promise<Date> {
      const answer = await get(new URL('/', endpoint), { 'User-Agent': 'eks-login' }, http, options.ca);
      if (!answer.date) {
        throw new NetworkError(`STS ${new URL(endpoint).origin} answered without a Date header`, {
          code: 'ENDPOINT_UNREACHABLE',
          hint: 'check AWS_ENDPOINT_URL_STS: the endpoint does not look like STS',
        });
      }
      return answer.date;
    },
  };
}
