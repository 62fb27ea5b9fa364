// The command that sends a person to a terminal: `eks-login login <context>` for the context of a bundle
// group and cluster (its name from contextNameTemplate), else `eks-login login --all`. Pure.
import { renderContextName } from '../../bundle/template.js';
import { DEFAULT_CONTEXT_NAME_TEMPLATE, type BundleGroup } from '../../record/bundle-types.js';
import type { SetupRecord } from '../../record/setup-record.js';

export function loginHint(
  record: SetupRecord | undefined,
  group: BundleGroup | undefined,
  clusterName: string | undefined,
): string {
  if (!record || !group || !clusterName) return 'eks-login login --all';
  const cluster = record.bundle.clusters.find((c) => c.name === clusterName);
  const template = record.bundle.contextNameTemplate ?? DEFAULT_CONTEXT_NAME_TEMPLATE;
  const context = renderContextName(template, {
    bundle: record.bundle.name,
    group: group.name,
    cluster: clusterName,
    region: cluster?.region ?? '',
  });
  return `eks-login login ${context}`;
}
