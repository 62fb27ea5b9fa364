// PKCE (RFC 7636, S256) and the OAuth `state`, from node:crypto.
import { createHash, randomBytes } from 'node:crypto';
import type { PkceSource } from '../../kernel/sso-ports.js';

export const nodePkce: PkceSource = {
  // 64 random bytes → 86 base64url characters (the RFC allows 43..128 of [A-Za-z0-9-._~]).
  verifier: () => randomBytes(64).toString('base64url'),
  challenge: (verifier) => createHash('sha256').update(verifier).digest('base64url'),
  state: () => randomBytes(24).toString('base64url'),
};
