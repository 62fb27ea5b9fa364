import { describe, expect, it } from 'vitest';
import { renderWhoami } from '../../../src/diagnose/whoami/render-whoami.js';
import { whoami, type MintedToken, type WhoamiDeps } from '../../../src/diagnose/whoami/whoami.js';
import { FixedClock } from '../../support/fakes.js';
import { MemoryStsProbe, memoryKubeApi } from '../../support/memory-kube.js';
import type { FakeUser } from '../../support/fake-kube-api.js';
import { GOLDEN_TOKEN } from '../../fixtures/golden-token.js';

const ASSUMED = 'arn:aws:sts::123456789012:assumed-role/developers/developer-mike';
const mike: FakeUser = {
  username: 'developers:developer-mike',
  groups: ['developers', 'system:authenticated'],
  extra: { arn: [ASSUMED], sessionName: ['developer-mike'], accessKeyId: ['ASIAEXAMPLEKEY5678'] },
  rules: [
    {
      verbs: ['create'],
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectrulesreviews', 'selfsubjectaccessreviews'],
    },
    { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'] },
  ],
};
const minted: MintedToken = {
  token: GOLDEN_TOKEN,
  expiration: new Date('2025-01-02T03:18:05Z'),
  fromCache: false,
  clusterName: 'demo',
  clusterId: 'demo',
  region: 'eu-west-1',
  roleArn: 'arn:aws:iam::123456789012:role/teams/developers',
  sourceArn: 'arn:aws:iam::123456789012:user/developer-mike',
  sessionExpiresAt: new Date('2025-01-02T04:04:05Z'),
  group: 'developers',
};
const input = {
  context: 'developers@demo',
  namespace: 'default',
  cluster: { name: 'demo', server: 'https://127.0.0.1:6443' },
};

function deps(
  users: Record<string, FakeUser>,
  stsAccepts = true,
  versions?: string[],
): WhoamiDeps & { probe: MemoryStsProbe } {
  const probe = new MemoryStsProbe();
  if (stsAccepts) probe.valid.set(GOLDEN_TOKEN, { arn: ASSUMED, account: '123456789012' });
  return {
    clock: new FixedClock('2025-01-02T03:06:05Z'),
    mint: async () => minted,
    kubeApi: (t) => memoryKubeApi(users, t, versions),
    stsProbe: probe,
    probe,
  };
}

describe(whoami.name, () => {
  it('joins the AWS side and the Kubernetes side for a mapped user', async () => {
    const d = deps({ [GOLDEN_TOKEN]: mike });
    const report = await whoami(input, d);
    expect(report).toMatchObject({
      outcome: 'ok',
      aws: {
        arn: ASSUMED,
        account: '123456789012',
        sessionName: 'developer-mike',
        stsHost: 'sts.eu-west-1.amazonaws.com',
        sts: { status: 200 },
      },
      kubernetes: {
        username: 'developers:developer-mike',
        groups: ['developers', 'system:authenticated'],
        reviewApi: 'v1',
      },
      access: {
        rows: [
          { resource: 'pods', verbs: ['get', 'list'] },
          { resource: 'pods/log', verbs: ['get', 'list'] },
        ],
      },
    });
    expect(d.probe.replays).toEqual([{ token: GOLDEN_TOKEN, clusterId: 'demo' }]);
    // The signing key id the authenticator adds to extra is masked like every other key id.
    expect(report.kubernetes?.extra.accessKeyId).toEqual(['**************5678']);
    expect(JSON.stringify(report)).not.toContain('ASIAEXAMPLEKEY5678');
    const text = renderWhoami(report, new Date('2025-01-02T03:06:05Z'));
    expect(text).toContain('  source identity    arn:aws:iam::123456789012:user/developer-mike');
    expect(text).toContain(`  assumed role       ${ASSUMED}`);
    expect(text).toContain('session expires    2025-01-02T04:04:05Z (in 58m 0s)');
    expect(text).toContain('token signed for   sts.eu-west-1.amazonaws.com, cluster id demo');
    expect(text).toContain('  groups        developers, system:authenticated');
    expect(text).toMatch(/RESOURCE {2}VERBS\n {2}pods {6}get, list\n {2}pods\/log {2}get, list/);
    expect(text).not.toMatch(/selfsubject|\u001b\[/);
  });

  it("shows the role session's SourceIdentity of a bound group, as STS reported it or as eks-login sends it", async () => {
    const reported = await whoami(input, {
      ...deps({ [GOLDEN_TOKEN]: mike }),
      mint: async () => ({ ...minted, sourceIdentity: { name: 'developer-mike', from: 'sts' } }),
    });
    expect(reported.aws).toMatchObject({ sourceIdentity: 'developer-mike', sourceIdentityFrom: 'sts' });
    expect(renderWhoami(reported, new Date('2025-01-02T03:06:05Z'))).toContain(
      '  SourceIdentity     developer-mike (as STS reported it; bound to the IAM user name)\n',
    );
    const sent = await whoami(input, {
      ...deps({ [GOLDEN_TOKEN]: mike }),
      mint: async () => ({ ...minted, fromCache: true, sourceIdentity: { name: 'developer-mike', from: 'sent' } }),
    });
    expect(renderWhoami(sent, new Date('2025-01-02T03:06:05Z'))).toContain(
      '  SourceIdentity     developer-mike (as eks-login sends it; bound to the IAM user name)\n',
    );
    // An unbound group has none: no line, no field.
    const plain = await whoami(input, deps({ [GOLDEN_TOKEN]: mike }));
    expect(plain.aws).not.toHaveProperty('sourceIdentity');
    expect(renderWhoami(plain, new Date('2025-01-02T03:06:05Z'))).not.toContain('SourceIdentity');
  });

  it('falls back to the v1beta1 review API', async () => {
    const report = await whoami(input, deps({ [GOLDEN_TOKEN]: mike }, true, ['v1beta1']));
    expect(report.kubernetes?.reviewApi).toBe('v1beta1');
  });

  it('on 401 with a token STS accepts: unmapped, with the fix for the path-less role ARN', async () => {
    const report = await whoami(input, deps({}));
    expect(report.outcome).toBe('unmapped');
    expect(report.kubernetes).toBeNull();
    const text = renderWhoami(report, new Date('2025-01-02T03:06:05Z'));
    expect(text).toContain(`The token was valid for ${ASSUMED} at STS, but the cluster demo did not map it`);
    expect(text).toContain('eksctl create iamidentitymapping --cluster demo --region eu-west-1');
    expect(text).toContain(
      "--arn arn:aws:iam::123456789012:role/developers --username 'developers:{{SessionName}}' --group developers",
    );
    expect(text).toContain('  - rolearn: arn:aws:iam::123456789012:role/developers');
    expect(text).toContain('aws eks create-access-entry --cluster-name demo --region eu-west-1');
    expect(text).toContain('--principal-arn arn:aws:iam::123456789012:role/developers --type STANDARD');
    expect(text).not.toContain('role/teams/');
  });

  it('on 401 with a token STS rejects: says so and points at doctor', async () => {
    const report = await whoami(input, deps({}, false));
    expect(report).toMatchObject({
      outcome: 'rejected',
      aws: { sts: { status: 403, error: expect.stringContaining('SignatureDoesNotMatch') } },
    });
    expect(renderWhoami(report, new Date())).toContain('eks-login doctor');
  });

  it('reports forbidden rules without failing', async () => {
    const report = await whoami(input, deps({ [GOLDEN_TOKEN]: { ...mike, forbidRules: true } }));
    expect(report.access).toMatchObject({ forbidden: 'forbidden' });
    expect(renderWhoami(report, new Date())).toContain('could not list rules: forbidden');
  });
});
