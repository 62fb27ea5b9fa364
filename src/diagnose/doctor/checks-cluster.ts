// Doctor checks against the cluster: the endpoint and its certificate, the token, the RBAC summary. Pure.
import type { KubeApi, StsProbe } from '../../kernel/ports.js';
import { buildUnmappedFix, renderUnmappedFix } from '../unmapped-fix.js';
import { reviewRules } from '../kube/rules-review.js';
import { buildPermissionRows } from '../kube/rules-table.js';
import { reviewSelf } from '../kube/self-review.js';
import type { MintedToken } from '../whoami/whoami.js';
import { result, type CheckResult } from './check.js';

export async function checkEndpoint(api: KubeApi, server: string, caSource: string): Promise<CheckResult> {
  const res = await api.request('GET', '/version');
  const version = (res.body as { gitVersion?: unknown } | null)?.gitVersion;
  const answer =
    res.status === 200 && typeof version === 'string'
      ? `Kubernetes ${version}`
      : `HTTP ${res.status} to an anonymous GET /version`;
  return result('endpoint', 'ok', `${server} answered (${answer}); its certificate chains to ${caSource}`);
}

export async function checkToken(api: KubeApi, minted: MintedToken, probe: StsProbe): Promise<CheckResult> {
  const self = await reviewSelf(api);
  if (self.outcome === 'ok') {
    return result(
      'token',
      'ok',
      `the cluster maps you to ${self.user.username} (groups ${self.user.groups.join(', ') || 'none'})`,
    );
  }
  if (self.outcome === 'unsupported') {
    // Old clusters: a rules review still tells accepted (201) from rejected (401).
    const rules = await reviewRules(api, 'default');
    if (rules.outcome !== 'unauthorized')
      return result(
        'token',
        'ok',
        'the cluster accepted the token (it serves no SelfSubjectReview API to say as whom)',
      );
  }
  const replay = await probe
    .replayToken(minted.token, minted.clusterId)
    .catch((e: Error) => ({ status: 0, errorMessage: e.message }) as const);
  if (replay.status === 200 && 'identity' in replay && replay.identity) {
    const fix = buildUnmappedFix({
      roleArn: minted.roleArn ?? replay.identity.arn,
      cluster: minted.clusterName,
      region: minted.region,
      kubernetesGroup: minted.group ?? 'developers',
    });
    return result(
      'token',
      'fail',
      `STS accepted the token for ${replay.identity.arn}, but the cluster answered 401: the role is not mapped`,
      renderUnmappedFix(fix, replay.identity.arn, minted.clusterName).trimEnd(),
    );
  }
  const why =
    'errorCode' in replay && replay.errorCode
      ? `${replay.errorCode}: ${replay.errorMessage ?? ''}`
      : (replay.errorMessage ?? `HTTP ${replay.status}`);
  return result(
    'token',
    'fail',
    `the cluster answered 401 and STS did not accept the token for cluster id ${minted.clusterId} either (${why.trim()})`,
    'check the clock step above; if the cluster id differs from the EKS cluster name (Outposts) the bundle needs clusterId; otherwise re-run `eks-login login`',
  );
}

export async function checkRbac(api: KubeApi, namespace: string): Promise<CheckResult> {
  const rules = await reviewRules(api, namespace);
  if (rules.outcome === 'forbidden')
    return result(
      'rbac',
      'warn',
      `could not list your rules in ${namespace}: ${rules.message}`,
      'ask the cluster admin; `kubectl auth can-i --list` shows the same',
    );
  if (rules.outcome === 'unauthorized') return result('rbac', 'skip', 'the cluster did not accept the token');
  const rows = buildPermissionRows(rules.review.resourceRules);
  if (!rows.length) {
    return result(
      'rbac',
      'warn',
      `no permissions in namespace ${namespace} beyond discovery`,
      `ask the cluster admin for a RoleBinding in ${namespace} for your group, or try --namespace`,
    );
  }
  const summary = rows.map((r) => `${r.resource}: ${r.verbs.join(', ')}`).join('; ');
  return result('rbac', 'ok', `in ${namespace}: ${summary}${rules.review.incomplete ? ' (incomplete)' : ''}`);
}
