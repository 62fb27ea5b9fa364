// Bundle v1 validation: every problem at once, each with its JSON path and what is expected. The same
// checks serve `setup` and `bundle validate`. docs/bundle.schema.json mirrors the structural part for
// editors; the messages come from here only.
import { isRecord } from '../kernel/is-record.js';
import { Problems, type BundleProblem } from './problems.js';
import { BUNDLE_API_VERSION, BUNDLE_KIND, BUNDLE_NAME, ROOT_FIELDS } from './rules.js';
import { renderContextName, templateProblems } from './template.js';
import { DEFAULT_CONTEXT_NAME_TEMPLATE, type Bundle } from '../record/bundle-types.js';
import { checkCluster, type InspectCertificates } from './validate-cluster.js';
import { checkGroup } from './validate-group.js';

export interface BundleValidation {
  /** Present when there are no problems. */
  bundle?: Bundle;
  problems: BundleProblem[];
}

function checkTemplate(
  problems: Problems,
  value: Record<string, unknown>,
  groups: Array<Record<string, unknown>>,
  clusters: Array<Record<string, unknown>>,
): void {
  const template = value.contextNameTemplate;
  if (template === undefined) return;
  if (typeof template !== 'string')
    return problems.add(
      'contextNameTemplate',
      `must be a string like ${JSON.stringify(DEFAULT_CONTEXT_NAME_TEMPLATE)}`,
    );
  const issues = templateProblems(template);
  for (const issue of issues) problems.add('contextNameTemplate', issue);
  if (issues.length > 0) return;
  for (const group of groups) {
    const names = Array.isArray(group.clusters) ? group.clusters : clusters.map((c) => c.name);
    const seen = new Map<string, string>();
    for (const cluster of clusters.filter((c) => names.includes(c.name))) {
      const rendered = renderContextName(template, {
        bundle: String(value.name),
        group: String(group.name),
        cluster: String(cluster.name),
        region: String(cluster.region),
      });
      const other = seen.get(rendered);
      if (other !== undefined) {
        problems.add(
          'contextNameTemplate',
          `gives clusters ${other} and ${String(cluster.name)} of group ${String(group.name)} the same context name ${JSON.stringify(rendered)}; include {cluster}`,
        );
      }
      seen.set(rendered, String(cluster.name));
    }
  }
}

/** Validates a parsed bundle. `inspect` parses PEM certificates (node:crypto, injected by an adapter). */
export function validateBundle(value: unknown, inspect: InspectCertificates): BundleValidation {
  const problems = new Problems();
  if (!isRecord(value)) {
    problems.add('(bundle)', 'must be a JSON object with apiVersion, kind, name, clusters and groups');
    return { problems: problems.list };
  }
  problems.documentHeader(value, ROOT_FIELDS, BUNDLE_API_VERSION, BUNDLE_KIND);
  problems.string(value, '', 'name', BUNDLE_NAME.pattern, BUNDLE_NAME.expectation);
  const clusters = problems.records(value, 'clusters', 'clusters');
  const clusterNames = clusters.map(({ item, at }) => checkCluster(problems, item, at, inspect));
  problems.uniqueNames(clusterNames, 'clusters', 'cluster');
  const known = clusterNames.filter((n): n is string => n !== undefined);
  const groups = problems.records(value, 'groups', 'groups');
  const groupNames = groups.map(({ item, at }) => checkGroup(problems, item, at, known));
  problems.uniqueNames(groupNames, 'groups', 'group');
  checkTemplate(
    problems,
    value,
    groups.map((g) => g.item),
    clusters.map((c) => c.item),
  );
  if (problems.list.length > 0) return { problems: problems.list };
  return { bundle: value as unknown as Bundle, problems: [] };
}
