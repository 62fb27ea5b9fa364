// PEM certificate parsing with node:crypto, injected into bundle validation (core cannot import node:*).
import { X509Certificate } from 'node:crypto';

const BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** How many certificates a PEM text holds, or why one of them does not parse. */
export function inspectPemCertificates(pem: string): { count: number } | { error: string } {
  const blocks = pem.match(BLOCK) ?? [];
  if (blocks.length === 0) return { error: 'no complete -----BEGIN/END CERTIFICATE----- block' };
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (error) {
      return { error: `certificate ${index + 1} does not parse (${(error as Error).message})` };
    }
  }
  return { count: blocks.length };
}
