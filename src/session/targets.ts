// What `login` and `logout` act on: a (setup record, group) pair with the group's clusters and contexts,
// found from a kubeconfig context (its exec args name --bundle and --group) or from every setup record.
import { ConfigError } from '../kernel/errors.js';
import type { BundleCluster, BundleGroup } from '../record/bundle-types.js';
import { renderContextName } from '../bundle/template.js';
import { DEFAULT_CONTEXT_NAME_TEMPLATE } from '../record/bundle-types.js';
import { clustersOfGroup } from '../kubeconfig/desired.js';
import type { SetupRecord } from '../record/setup-record.js';

export interface SessionTarget {
  record: SetupRecord;
  group: BundleGroup;
  clusters: BundleCluster[];
}

/** The value of `--name X` (or `--name=X`) in exec args. */
export function execArg(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i]?.startsWith(`--${name}=`)) return args[i]!.slice(name.length + 3);
  }
  return undefined;
}

/** One target per group set up for the record's bundle (for --all). */
export function targetsOfRecord(record: SetupRecord): SessionTarget[] {
  return record.groups
    .filter((g) => record.bundle.groups.some((b) => b.name === g))
    .map((g) => targetOfRecord(record, g));
}

/** The target of a record: the first group set up (or `groupName`). */
export function targetOfRecord(record: SetupRecord, groupName: string = record.group): SessionTarget {
  const group = record.bundle.groups.find((g) => g.name === groupName);
  if (!group) {
    throw new ConfigError(`bundle ${record.bundle.name} has no group ${groupName} (its setup record is out of date)`, {
      hint: 'run `eks-login setup <bundle.json>` again',
    });
  }
  return { record, group, clusters: clustersOfGroup(record.bundle, group) };
}

/** The target of a kubeconfig context whose user runs `eks-login token … --bundle B --group G`. */
export function targetOfContext(
  context: string,
  execArgs: readonly string[] | undefined,
  readRecord: (bundle: string) => SetupRecord | undefined,
): SessionTarget {
  const bundle = execArgs ? execArg(execArgs, 'bundle') : undefined;
  if (!bundle) {
    throw new ConfigError(
      `context ${context} was not written by \`eks-login setup\` (its user does not run \`eks-login token --bundle …\`)`,
      {
        code: 'CONTEXT_NOT_EKS_LOGIN',
        hint: 'name a context that `eks-login setup` wrote, or use --all',
      },
    );
  }
  const record = readRecord(bundle);
  if (!record) {
    throw new ConfigError(`context ${context} names bundle ${bundle}, but there is no setup record for it`, {
      code: 'SETUP_RECORD_MISSING',
      hint: 'run `eks-login setup <bundle.json>` for that bundle',
    });
  }
  return targetOfRecord(record, execArg(execArgs!, 'group') ?? record.group);
}

/** The context names of a target's group, as setup named them (only those it recorded). */
export function contextsOf(target: SessionTarget): string[] {
  const { bundle } = target.record;
  const template = bundle.contextNameTemplate ?? DEFAULT_CONTEXT_NAME_TEMPLATE;
  const names = target.clusters.map((c) =>
    renderContextName(template, { bundle: bundle.name, group: target.group.name, cluster: c.name, region: c.region }),
  );
  return names.filter((n) => target.record.contexts.includes(n));
}
