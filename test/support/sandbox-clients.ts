// Independent clients for the sandbox's emulators: @aws-sdk/client-sts for STS, and EKS tokens presigned
// with @smithy/signature-v4 (not eks-login's own signer), so the emulators are checked against code that
// neither they nor eks-login wrote.
import { STSClient } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import type { Sandbox } from '../../packages/sandbox/src/index.js';

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export function stsClient(sandbox: Sandbox, credentials: Keys, region = 'eu-west-1'): STSClient {
  return new STSClient({
    region,
    endpoint: sandbox.stsEndpoint,
    credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: readFileSync(sandbox.caFile, 'utf8') }) }),
  });
}

/** An EKS bearer token (docs/token.md) for `clusterId`, presigned by @smithy/signature-v4. */
export async function mintToken(
  stsEndpoint: string,
  credentials: Keys,
  clusterId: string,
  options: { region?: string; signingDate?: Date } = {},
): Promise<string> {
  const url = new URL(stsEndpoint);
  const signer = new SignatureV4({
    credentials,
    region: options.region ?? 'eu-west-1',
    service: 'sts',
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: true,
  });
  const request = new HttpRequest({
    method: 'GET',
    protocol: 'https:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    headers: { host: url.host, 'x-k8s-aws-id': clusterId },
  });
  const signed = await signer.presign(request, { expiresIn: 60, signingDate: options.signingDate ?? new Date() });
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `k8s-aws-v1.${Buffer.from(`${url.origin}/?${query}`).toString('base64url')}`;
}
