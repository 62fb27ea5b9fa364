// The admin bundle (bundle v1, docs/bundle.md) that matches a running sandbox: its clusters'
// endpoints and CA, and one group per role (or IAM Identity Center permission set) the world offers.
import type { Bundle, BundleGroup } from '../../../src/record/bundle-types.js';
import type { World } from './world-types.js';

export function sandboxBundle(world: World, endpoints: Map<string, string>, caPem: string): Bundle {
  const caData = Buffer.from(caPem).toString('base64');
  return {
    apiVersion: 'eks-login/v1',
    kind: 'Bundle',
    name: world.bundleName,
    clusters: world.clusters.map((c) => ({
      name: c.name,
      region: c.region,
      endpoint: endpoints.get(c.name)!,
      certificateAuthorityData: caData,
      ...(c.clusterId ? { clusterId: c.clusterId } : {}),
    })),
    groups: world.groups.map((g) => {
      const group: BundleGroup = { name: g.name };
      if (g.role !== undefined) group.roleArn = world.roles.find((r) => r.name === g.role)!.arn;
      if (g.sso !== undefined && world.sso)
        group.sso = {
          startUrl: world.sso.startUrl,
          region: world.sso.region,
          accountId: world.account,
          roleName: g.sso,
        };
      if (g.sessionDurationSeconds !== undefined) group.sessionDurationSeconds = g.sessionDurationSeconds;
      if (g.mfa !== undefined) group.mfa = g.mfa;
      if (g.externalId !== undefined) group.externalId = g.externalId;
      if (g.clusters !== undefined) group.clusters = g.clusters;
      return group;
    }),
  };
}
