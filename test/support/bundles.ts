// Sample bundles for tests: valid by construction (real CA certificates from test/fixtures).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from '../../src/record/bundle-types.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
export const CA_PEM = readFileSync(join(fixtures, 'ca.pem'), 'utf8');
export const CA2_PEM = readFileSync(join(fixtures, 'ca2.pem'), 'utf8');
export const CA_DATA = Buffer.from(CA_PEM).toString('base64');
export const CA2_DATA = Buffer.from(CA2_PEM).toString('base64');

/** Two clusters, two groups (developers on both, admins on prod only). */
export function sampleBundle(overrides: Partial<Bundle> = {}): Bundle {
  return {
    apiVersion: 'eks-login/v1',
    kind: 'Bundle',
    name: 'acme',
    clusters: [
      { name: 'demo', region: 'eu-west-1', endpoint: 'https://127.0.0.1:6443', certificateAuthorityData: CA_DATA },
      {
        name: 'prod',
        region: 'us-east-1',
        endpoint: 'https://ABCDEF.gr7.us-east-1.eks.amazonaws.com',
        certificateAuthorityData: CA2_DATA,
      },
    ],
    groups: [
      { name: 'developers', roleArn: 'arn:aws:iam::123456789012:role/developers', sessionDurationSeconds: 3600 },
      { name: 'admins', roleArn: 'arn:aws:iam::123456789012:role/eks/admins', mfa: true, clusters: ['prod'] },
    ],
    ...overrides,
  };
}
