// An admin's machine with no AWS at all, for in-process `admin` tests: an access file of two clusters (demo with
// access entries, legacy with aws-auth) in `dir`, and a test context whose credential, STS and admin AWS adapters
// fail when asked for and record that they were (`asked`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestContext } from './fakes.js';

/** Access `acme` with its two clusters, up to `groups:`; the groups follow. */
export const TWO_CLUSTER_ACCESS_HEAD = `apiVersion: eks-login/v1
kind: Access
name: acme
clusters:
  - { name: demo, region: eu-west-1 }
  - { name: legacy, region: eu-west-1, mapping: aws-auth }
groups:
`;

export const TWO_CLUSTER_ACCESS = `${TWO_CLUSTER_ACCESS_HEAD}  - name: developers
    role: { name: developers }
    members: [developer-mike]
    kubernetes:
      rules: [ { apiGroups: [""], resources: [pods, pods/log], verbs: [get, list] } ]
`;

export function offlineAdminWorld(dir: string) {
  writeFileSync(join(dir, 'access.yaml'), TWO_CLUSTER_ACCESS);
  const asked: string[] = [];
  const refuse = (what: string) => async () => {
    asked.push(what);
    throw new Error(`asked for ${what}`);
  };
  const ctx = createTestContext({
    env: { HOME: dir },
    cwd: dir,
    stsGateway: refuse('sts'),
    profileCredentials: refuse('credentials'),
    adminAws: refuse('adminAws'),
  });
  return { dir, ctx, asked };
}
