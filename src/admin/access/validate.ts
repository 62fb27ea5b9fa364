// Access file v1 validation: every problem at once, each with its path (`groups[1].kubernetes.rules[0].verbs`)
// and what is expected, like the bundle validator. docs/access.schema.json mirrors the structural part for
// editors; the messages come from here only.
import { BUNDLE_NAME, CLUSTER_NAME, REGION } from '../../bundle/rules.js';
import { Problems, join, type BundleProblem } from '../../bundle/problems.js';
import { isRecord } from '../../kernel/is-record.js';
import { ACCESS_API_VERSION, ACCESS_KIND, ACCOUNT, CLUSTER_FIELDS, MAPPINGS, ROOT_FIELDS } from './rules.js';
import type { AccessFile } from './types.js';
import { checkAccessGroup } from './validate-group.js';

export type AccessProblem = BundleProblem;

export interface AccessValidation {
  /** Present when there are no problems. */
  access?: AccessFile;
  problems: AccessProblem[];
}

export function validateAccess(value: unknown): AccessValidation {
  const problems = new Problems();
  if (!isRecord(value)) {
    problems.add('(access file)', 'must be a mapping with apiVersion, kind, name, clusters and groups');
    return { problems: problems.list };
  }
  problems.documentHeader(value, ROOT_FIELDS, ACCESS_API_VERSION, ACCESS_KIND);
  problems.string(value, '', 'name', BUNDLE_NAME.pattern, `the bundle's name: ${BUNDLE_NAME.expectation}`);
  if (typeof value.account === 'number')
    problems.add('account', `must be a string: ${ACCOUNT.expectation} (unquoted, YAML reads it as a number)`);
  else problems.string(value, '', 'account', ACCOUNT.pattern, ACCOUNT.expectation, true);

  const clusters = problems.records(value, 'clusters', 'clusters');
  const mappings = new Map<string, string | undefined>();
  const clusterNames = clusters.map(({ item, at }) => {
    problems.unknownFields(item, at, CLUSTER_FIELDS);
    const name = problems.string(item, at, 'name', CLUSTER_NAME.pattern, CLUSTER_NAME.expectation);
    problems.string(item, at, 'region', REGION.pattern, REGION.expectation);
    if (item.mapping !== undefined && !(MAPPINGS as readonly unknown[]).includes(item.mapping)) {
      problems.add(
        join(at, 'mapping'),
        `must be one of ${MAPPINGS.join(', ')} (got ${JSON.stringify(item.mapping)}); leave it out to follow the cluster's authenticationMode`,
      );
    }
    if (name !== undefined) mappings.set(name, typeof item.mapping === 'string' ? item.mapping : undefined);
    return name;
  });
  problems.uniqueNames(clusterNames, 'clusters', 'cluster');

  const groups = problems.records(value, 'groups', 'groups');
  const groupNames = groups.map(({ item, at }) => checkAccessGroup(problems, item, at, mappings));
  problems.uniqueNames(groupNames, 'groups', 'group');
  roleNamesUnique(problems, groups);
  if (problems.list.length > 0) return { problems: problems.list };
  return { access: value as unknown as AccessFile, problems: [] };
}

/** Two groups cannot own one IAM role (IAM role names are unique in an account, whatever the path). */
function roleNamesUnique(problems: Problems, groups: Array<{ item: Record<string, unknown>; at: string }>): void {
  const first = new Map<string, string>();
  for (const { item, at } of groups) {
    const role = item.role;
    if (!isRecord(role) || typeof role.name !== 'string') continue;
    const key = role.name.toLowerCase();
    const earlier = first.get(key);
    if (earlier !== undefined)
      problems.add(
        `${at}.role.name`,
        `role ${JSON.stringify(role.name)} is already the role of ${earlier} (IAM role names are unique in an account)`,
      );
    else first.set(key, at);
  }
}
