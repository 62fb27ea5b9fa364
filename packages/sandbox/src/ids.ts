// Random AWS-looking identifiers (access keys, unique ids, request ids) for the sandbox's principals.
import { randomBytes, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `prefix` + 16 characters from IAM's id alphabet, e.g. AKIA…, ASIA…, AIDA…, AROA…. */
export function awsId(prefix: string): string {
  return prefix + [...randomBytes(16)].map((b) => ALNUM[b % ALNUM.length]).join('');
}

/** A 40-character secret access key. */
export function secretKey(): string {
  return randomBytes(30).toString('base64').replace(/\+/g, 'x').replace(/\//g, 'y');
}

export function sessionToken(): string {
  return `IQoJsandbox${randomBytes(96).toString('base64')}`;
}

export const requestId = (): string => randomUUID();
