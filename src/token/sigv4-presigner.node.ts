// Presigner port over @smithy/signature-v4 with node's SHA-256 (@smithy/hash-node). No hand-written SigV4.
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { PresignOptions, PresignRequest, Presigner } from '../kernel/ports.js';

export const smithyPresigner: Presigner = {
  async presign(request: PresignRequest, options: PresignOptions): Promise<Record<string, string>> {
    const signer = new SignatureV4({
      credentials: options.credentials,
      region: options.region,
      service: options.service,
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: true,
    });
    const signed = await signer.presign(
      {
        method: 'GET',
        protocol: request.protocol,
        hostname: request.hostname,
        port: request.port,
        path: request.path,
        query: { ...request.query },
        headers: { ...request.headers },
      },
      { signingDate: options.signingDate, expiresIn: options.expiresInSeconds },
    );
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(signed.query ?? {})) {
      if (typeof value === 'string') query[key] = value;
      else if (value != null) throw new Error(`unexpected multi-valued query parameter ${key}`);
    }
    return query;
  },
};
