// What setup wants in kubeconfig for one (bundle, group): per cluster one cluster, one user and one
// context entry, all named after the context, all marked as owned. The user runs `eks-login token`.
import { installHint } from '../kernel/install.js';
import {
  DEFAULT_CONTEXT_NAME_TEMPLATE,
  type Bundle,
  type BundleCluster,
  type BundleGroup,
} from '../record/bundle-types.js';
import { renderContextName } from '../bundle/template.js';
import { ownerExtensions, type OwnerMark } from './owner.js';
import type { NamedEntry } from './model.js';
import { withInstallHint, type ExecLauncher } from './exec-launcher.js';

const EXEC_API_VERSION = 'client.authentication.k8s.io/v1beta1';

export interface DesiredContext {
  /** The context name; the cluster and user entries carry the same name. */
  name: string;
  mark: OwnerMark;
  cluster: NamedEntry;
  user: NamedEntry;
  context: NamedEntry;
  /** For messages. */
  bundleCluster: BundleCluster;
}

/** The clusters a group may use, in bundle order (all when the group names none). */
export function clustersOfGroup(bundle: Bundle, group: BundleGroup): BundleCluster[] {
  if (!group.clusters) return bundle.clusters;
  return bundle.clusters.filter((c) => group.clusters!.includes(c.name));
}

/** The exec args `token` needs (pinned in the shared interfaces; never a secret). */
function tokenExecArgs(bundle: Bundle, group: BundleGroup, cluster: BundleCluster): string[] {
  return [
    'token',
    '--cluster',
    cluster.name,
    ...(cluster.clusterId ? ['--cluster-id', cluster.clusterId] : []),
    '--region',
    cluster.region,
    // An sso-only group has no role to assume: token finds its sso block through --bundle/--group.
    ...(group.roleArn ? ['--role-arn', group.roleArn] : []),
    '--bundle',
    bundle.name,
    '--group',
    group.name,
  ];
}

/**
 * `launcher`: how kubectl starts eks-login (absolute node + CLI script, and the exec env; see
 * exec-launcher.ts). An empty env is written as `env: null`, kubectl's own form, so a re-run without the
 * variables removes the ones an earlier setup wrote.
 */
export function buildDesiredContexts(bundle: Bundle, group: BundleGroup, launcher: ExecLauncher): DesiredContext[] {
  const template = bundle.contextNameTemplate ?? DEFAULT_CONTEXT_NAME_TEMPLATE;
  return clustersOfGroup(bundle, group).map((cluster) => {
    const name = renderContextName(template, {
      bundle: bundle.name,
      group: group.name,
      cluster: cluster.name,
      region: cluster.region,
    });
    const mark: OwnerMark = { bundle: bundle.name, group: group.name, cluster: cluster.name };
    return {
      name,
      mark,
      bundleCluster: cluster,
      cluster: {
        name,
        cluster: {
          server: cluster.endpoint,
          'certificate-authority-data': cluster.certificateAuthorityData,
          extensions: ownerExtensions(mark),
        },
      },
      user: {
        name,
        user: {
          exec: {
            apiVersion: EXEC_API_VERSION,
            command: launcher.command,
            args: [
              ...withInstallHint(launcher.args, installHint(bundle.name)),
              ...tokenExecArgs(bundle, group, cluster),
            ],
            env: launcher.env.length ? launcher.env.map((e) => ({ ...e })) : null,
            interactiveMode: 'IfAvailable',
            installHint: installHint(bundle.name),
          },
          extensions: ownerExtensions(mark),
        },
      },
      context: { name, context: { cluster: name, user: name, extensions: ownerExtensions(mark) } },
    };
  });
}
