// Folds SelfSubjectRulesReview rules into one row per resource with the union of its verbs, leaving out
// the self-review permissions every authenticated user has. Pure.
import type { ResourceRule } from './rules-review.js';

export interface PermissionRow {
  /** `pods`, `pods/log`, `deployments.apps`, `*.*`; `(names: a, b)` when limited to named objects. */
  resource: string;
  verbs: string[];
}

/** Granted to every authenticated user by system:basic-user; not worth a row. */
const BUILTIN = new Set([
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  'authentication.k8s.io/selfsubjectreviews',
]);
const VERB_ORDER = ['*', 'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

function verbRank(verb: string): number {
  const i = VERB_ORDER.indexOf(verb);
  return i < 0 ? VERB_ORDER.length : i;
}

function sortVerbs(verbs: Iterable<string>): string[] {
  return [...new Set(verbs)].sort((a, b) => verbRank(a) - verbRank(b) || a.localeCompare(b));
}

function resourceLabel(group: string, resource: string, names: string[] | undefined): string {
  const [base, ...sub] = resource.split('/');
  const qualified = group === '' ? base! : `${base}.${group}`;
  const withSub = sub.length ? `${qualified}/${sub.join('/')}` : qualified;
  return names?.length ? `${withSub} (names: ${names.join(', ')})` : withSub;
}

function isBuiltinRule(rule: ResourceRule): boolean {
  return (
    rule.verbs.every((v) => v === 'create') &&
    rule.apiGroups.every((g) => rule.resources.every((r) => BUILTIN.has(`${g}/${r}`)))
  );
}

export function buildPermissionRows(rules: readonly ResourceRule[]): PermissionRow[] {
  const rows = new Map<string, Set<string>>();
  for (const rule of rules) {
    if (isBuiltinRule(rule)) continue;
    for (const group of rule.apiGroups.length ? rule.apiGroups : ['']) {
      for (const resource of rule.resources) {
        const label = resourceLabel(group, resource, rule.resourceNames);
        const verbs = rows.get(label) ?? new Set<string>();
        rule.verbs.forEach((v) => verbs.add(v));
        rows.set(label, verbs);
      }
    }
  }
  return [...rows.entries()]
    .map(([resource, verbs]) => ({ resource, verbs: sortVerbs(verbs) }))
    .sort((a, b) => a.resource.localeCompare(b.resource));
}
