// PEM certificate parsing with node:crypto, injected into bundle validation (core cannot import node:*).
// Only CERTIFICATE blocks may be there: a PRIVATE KEY block would hand the CA's key to every developer.
import { X509Certificate } from 'node:crypto';

const BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const OTHER_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----/;

/** How many certificates a PEM text holds, or why one of them does not parse or what else is there. */
export function inspectPemCertificates(pem: string): { count: number } | { error: string } {
  const blocks = pem.match(BLOCK) ?? [];
  if (blocks.length === 0) return { error: 'no complete -----BEGIN/END CERTIFICATE----- block' };
  const rest = pem.replace(BLOCK, '').trim();
  if (rest !== '') {
    const other = OTHER_BLOCK.exec(rest)?.[1];
    if (other?.includes('PRIVATE KEY'))
      return {
        error: `it also holds a ${other} block; remove it (a CA bundle holds certificates only, never a key) and replace that key, it was shared`,
      };
    if (other === 'CERTIFICATE')
      return { error: 'a CERTIFICATE block has no -----END CERTIFICATE----- line (cut off?)' };
    return {
      error: other
        ? `it also holds a ${other} block; only CERTIFICATE blocks belong there`
        : `text outside the CERTIFICATE blocks (${JSON.stringify(rest.slice(0, 40))})`,
    };
  }
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (error) {
      return { error: `certificate ${index + 1} does not parse (${(error as Error).message})` };
    }
  }
  return { count: blocks.length };
}
