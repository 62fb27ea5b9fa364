// The presigned STS GetCallerIdentity URL behind every token (docs/token.md, "What the token is"). The signature comes
// from the Presigner port; this file fixes the inputs and lays out the URL exactly as aws-cli does.
import { InternalError } from '../kernel/errors.js';
import type { AwsCredentials, Presigner } from '../kernel/ports.js';
import { CLUSTER_ID_HEADER, PRESIGN_EXPIRES_SECONDS, STS_ACTION, STS_SERVICE, STS_VERSION } from './constants.js';
import type { StsEndpoint } from '../aws/sts-endpoint.js';

export interface PresignInput {
  clusterId: string;
  endpoint: StsEndpoint;
  credentials: AwsCredentials;
  signingDate: Date;
}

/** aws-cli's parameter order (botocore); the verifier and STS ignore order, but identical bytes are easy to test. */
const QUERY_ORDER = [
  'Action',
  'Version',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Security-Token',
  'X-Amz-Signature',
];

/** Returns the presigned URL (scheme, host, path `/`, the query in aws-cli's order). */
export async function presignGetCallerIdentity(input: PresignInput, presigner: Presigner): Promise<string> {
  const { endpoint } = input;
  const signed = await presigner.presign(
    {
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port ? { port: endpoint.port } : {}),
      path: endpoint.path,
      query: { Action: STS_ACTION, Version: STS_VERSION },
      headers: { host: endpoint.host, [CLUSTER_ID_HEADER]: input.clusterId },
    },
    {
      credentials: input.credentials,
      region: endpoint.signingRegion,
      service: STS_SERVICE,
      signingDate: input.signingDate,
      expiresInSeconds: PRESIGN_EXPIRES_SECONDS,
    },
  );
  const unexpected = Object.keys(signed).filter((key) => !QUERY_ORDER.includes(key));
  if (unexpected.length > 0 || !signed['X-Amz-Signature']) {
    throw new InternalError(
      `presigning GetCallerIdentity for ${endpoint.host}: the signer returned an unexpected query (${unexpected.join(', ') || 'no signature'})`,
    );
  }
  const query = QUERY_ORDER.filter((key) => signed[key] !== undefined)
    .map((key) => `${uriEncode(key)}=${uriEncode(signed[key]!)}`)
    .join('&');
  return `${endpoint.protocol}//${endpoint.host}${endpoint.path}?${query}`;
}

/** RFC 3986 percent-encoding: unreserved characters literal, everything else %XX upper-case. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
