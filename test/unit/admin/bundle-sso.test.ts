// `admin bundle` for an access file with an IAM Identity Center group: the bundle it builds carries the group's
// sso block and passes the same bundle validator setup uses (the check `admin bundle` runs before writing).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { inspectPemCertificates } from '../../../src/infra/x509.js';
import { validateAccess } from '../../../src/admin/access/validate.js';
import { buildBundle } from '../../../src/admin/bundle.js';
import { validateBundle } from '../../../src/bundle/validate.js';

const root = join(import.meta.dirname, '..', '..', '..');
const caData = Buffer.from(readFileSync(join(root, 'test', 'fixtures', 'ca.pem'))).toString('base64');

describe('admin bundle with an sso group', () => {
  it('writes the sso block and the result is a valid Bundle v1', () => {
    const access = validateAccess(load(readFileSync(join(root, 'examples', 'access', 'teams.yaml'), 'utf8')));
    expect(access.problems).toEqual([]);
    const file = access.access!;
    const describe = new Map(
      file.clusters.map((c) => [
        c.name,
        { endpoint: `https://${c.name}.example.com`, certificateAuthorityData: caData },
      ]),
    );
    const bundle = buildBundle(
      file,
      { account: '123456789012', partition: 'aws', arn: 'arn:aws:iam::123456789012:user/eks-admin' },
      describe as never,
    );
    const ssoGroups = (bundle.groups as Array<{ name: string; sso?: unknown }>).filter((g) => g.sso);
    expect(ssoGroups.length).toBeGreaterThan(0);
    expect(ssoGroups[0]!.sso).toMatchObject({ startUrl: 'https://acme.awsapps.com/start', accountId: '123456789012' });
    expect(validateBundle(bundle, inspectPemCertificates).problems).toEqual([]);
  });
});
