// Checks of one bundle cluster: name, region, https endpoint, CA data that decodes to PEM certificates.
import { Problems } from './problems.js';
import { BASE64, CLUSTER_FIELDS, CLUSTER_ID, CLUSTER_NAME, REGION } from './rules.js';

/** Parses PEM text into X.509 certificates (node:crypto in an adapter): how many, or why not. */
export type InspectCertificates = (pem: string) => { count: number } | { error: string };

function checkEndpoint(problems: Problems, at: string, value: unknown): void {
  const path = `${at}.endpoint`;
  if (value === undefined) return problems.add(path, 'is required: the https URL of the API server');
  if (typeof value !== 'string') return problems.add(path, 'must be an https URL (a string)');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return problems.add(path, `must be an https URL (got ${JSON.stringify(value)})`);
  }
  if (url.protocol !== 'https:')
    return problems.add(path, `must be an https URL (got ${url.protocol.replace(/:$/, '')})`);
  if (url.username || url.password) problems.add(path, 'must not contain a user name or password');
  if (url.search || url.hash) problems.add(path, 'must not have a query or fragment');
}

function checkCertificateAuthority(problems: Problems, at: string, value: unknown, inspect: InspectCertificates): void {
  const path = `${at}.certificateAuthorityData`;
  const how =
    'base64 of the PEM CA certificate(s), as in `aws eks describe-cluster --query cluster.certificateAuthority.data`';
  if (value === undefined) return problems.add(path, `is required: ${how}`);
  if (typeof value !== 'string' || value === '') return problems.add(path, `must be ${how}`);
  if (value.startsWith('-----BEGIN'))
    return problems.add(path, 'is PEM text; it must be base64 of the PEM (base64 -w0 ca.pem)');
  if (!BASE64.test(value)) return problems.add(path, `must be ${how} (not valid base64)`);
  const pem = atob(value);
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    return problems.add(path, 'must decode to PEM certificate(s) (-----BEGIN CERTIFICATE-----)');
  const result = inspect(pem);
  if ('error' in result) problems.add(path, `must decode to valid PEM certificate(s): ${result.error}`);
}

/** Returns the cluster's name when it is valid (for duplicate and reference checks). */
export function checkCluster(
  problems: Problems,
  item: Record<string, unknown>,
  at: string,
  inspect: InspectCertificates,
): string | undefined {
  problems.unknownFields(item, at, CLUSTER_FIELDS);
  const name = problems.string(item, at, 'name', CLUSTER_NAME.pattern, CLUSTER_NAME.expectation);
  problems.string(item, at, 'region', REGION.pattern, REGION.expectation);
  checkEndpoint(problems, at, item.endpoint);
  checkCertificateAuthority(problems, at, item.certificateAuthorityData, inspect);
  problems.string(item, at, 'clusterId', CLUSTER_ID.pattern, CLUSTER_ID.expectation, true);
  return name;
}
