// Use case `eks-login sync [--bundle NAME] [--sha256 HEX] [--dry-run]`: re-read every set-up bundle from
// its recorded source and apply what changed exactly as a re-run of setup would (contexts added, updated,
// removed), keeping stored keys and the person's own fields. Every source is read and checked first: a
// pinned source whose bytes changed (exit 3) or an unreachable one (exit 6) changes nothing at all.
import { ConfigError, isEksLoginError, NetworkError, UsageError } from '../kernel/errors.js';
import type { KubeconfigStore } from '../kernel/ports.js';
import type { Bundle } from '../record/bundle-types.js';
import { hasUrlSecret, redactUrl } from '../kernel/mask.js';
import { buildDesiredContexts, type DesiredContext } from '../kubeconfig/desired.js';
import type { ExecLauncher } from '../kubeconfig/exec-launcher.js';
import { updateKubeconfig, type UpdateKubeconfigResult } from '../kubeconfig/update.js';
import { sameValue } from '../kubeconfig/merge-entry.js';
import type { SetupRecord } from '../record/setup-record.js';

export interface SyncInput {
  /** --bundle: only this bundle. */
  bundle?: string;
  /** --sha256: the new pin (one bundle only). */
  sha256?: string;
  dryRun?: boolean;
  /** How kubectl starts eks-login, as setup writes it; the exec env comes from each setup record. */
  command: ExecLauncher;
}

export interface SyncDeps {
  records(): Promise<SetupRecord[]>;
  /**
   * Reads and validates a record's source (a URL's secrets joined back from the secret store); `pin` checked
   * (ConfigError BUNDLE_DIGEST_MISMATCH, exit 3).
   */
  load(
    record: SetupRecord & { bundleSource: string },
    pin: string | undefined,
  ): Promise<{ bundle: Bundle; sha256: string }>;
  kubeconfig: KubeconfigStore;
  writeRecord(record: SetupRecord): Promise<string>;
}

export interface SyncedBundle {
  name: string;
  /** The source as shown (a URL's secrets as ****). */
  source?: string;
  /** Why the bundle was not synced (no recorded source). */
  skipped?: string;
  kubeconfig?: UpdateKubeconfigResult;
  /** Groups dropped because the bundle no longer has them. */
  groupsGone: string[];
  /** True when the bundle's content or pin changed (the record was rewritten, or would be). */
  recordChanged: boolean;
  repinned?: string;
}

/** What changed for one context, in words: "CA rotated", "endpoint moved to https://…", "role …". */
function describeUpdate(
  old: Bundle,
  desired: DesiredContext,
  group: { name: string; roleArn?: string | undefined; externalId?: string },
): string[] {
  const reasons: string[] = [];
  const before = old.clusters.find((c) => c.name === desired.mark.cluster);
  const now = desired.bundleCluster;
  if (before) {
    if (before.endpoint !== now.endpoint) reasons.push(`endpoint moved to ${now.endpoint}`);
    if (before.certificateAuthorityData !== now.certificateAuthorityData) reasons.push('CA rotated');
    if (before.region !== now.region) reasons.push(`region ${before.region} → ${now.region}`);
    if (before.clusterId !== now.clusterId) reasons.push(`cluster id ${now.clusterId ?? now.name}`);
  }
  const oldGroup = old.groups.find((g) => g.name === group.name);
  if (oldGroup && oldGroup.roleArn !== group.roleArn)
    reasons.push(group.roleArn ? `role ${group.roleArn}` : 'no role (IAM Identity Center only)');
  return reasons;
}

/**
 * A recorded local file that can no longer be read (moved, deleted, unmounted) is an unreachable source: exit 6
 * as the contract says, naming the bundle and the file, and what to do (sync takes no path, so not "pass the path").
 */
function localSourceGone(error: unknown, record: SetupRecord): NetworkError | undefined {
  if (!isEksLoginError(error) || error.code !== 'BUNDLE_UNREADABLE' || /^https?:\/\//i.test(record.bundleSource ?? ''))
    return undefined;
  const why = error.message.replace(/^cannot read bundle .*?: /, '');
  return new NetworkError(
    `cannot read the source of bundle ${record.bundle.name}, ${record.bundleSource}: ${why}; nothing was changed`,
    {
      code: 'BUNDLE_SOURCE_UNREACHABLE',
      hint: `put the bundle file back at ${record.bundleSource}, or set it up from where it is now: eks-login setup <bundle.json> (sync then follows that file)`,
      cause: error,
    },
  );
}

export async function runSync(input: SyncInput, deps: SyncDeps): Promise<SyncedBundle[]> {
  const all = await deps.records();
  const records = input.bundle ? all.filter((r) => r.bundle.name === input.bundle) : all;
  if (records.length === 0) {
    throw new ConfigError(
      input.bundle
        ? `bundle ${input.bundle} has not been set up (no setup record)`
        : 'no bundle has been set up yet (no setup records)',
      {
        code: 'NO_SETUP',
        hint: all.length
          ? `set-up bundles: ${all.map((r) => r.bundle.name).join(', ')}`
          : 'run `eks-login setup <bundle.json | https://…>` first',
      },
    );
  }
  if (input.sha256 && records.length > 1) {
    throw new UsageError(
      `--sha256 pins one bundle, and ${records.length} are set up (${records.map((r) => r.bundle.name).join(', ')})`,
      { hint: 'pass --bundle NAME with --sha256' },
    );
  }
  // Phase 1: read and check every source; nothing is written until all of them are good.
  const loaded: Array<{ record: SetupRecord; bundle?: Bundle; sha256?: string }> = [];
  for (const record of records) {
    if (!record.bundleSource) {
      loaded.push({ record });
      continue;
    }
    const { bundle, sha256 } = await deps
      .load({ ...record, bundleSource: record.bundleSource }, input.sha256 ?? record.bundleSha256)
      .catch((error: unknown) => {
        throw localSourceGone(error, record) ?? error;
      });
    if (bundle.name !== record.bundle.name) {
      throw new ConfigError(
        `${redactUrl(record.bundleSource)} now holds bundle ${bundle.name}, not ${record.bundle.name}: nothing was changed`,
        {
          code: 'BUNDLE_RENAMED',
          hint: `run \`eks-login setup ${redactUrl(record.bundleSource)}\` to set it up as a new bundle, and \`eks-login logout --context <ctx> --remove-contexts\` for the old one`,
        },
      );
    }
    loaded.push({ record, bundle, sha256 });
  }
  // Phase 2: apply, bundle by bundle.
  const results: SyncedBundle[] = [];
  for (const { record, bundle } of loaded) {
    if (!bundle) {
      results.push({
        name: record.bundle.name,
        skipped:
          'its setup record has no source (set up before sync existed): run `eks-login setup <bundle.json>` once',
        groupsGone: [],
        recordChanged: false,
      });
      continue;
    }
    const groups = bundle.groups.filter((g) => record.groups.includes(g.name));
    const groupsGone = record.groups.filter((g) => !bundle.groups.some((b) => b.name === g));
    const launcher: ExecLauncher = { ...input.command, env: record.execEnv ?? [] };
    const desired = groups.flatMap((g) => buildDesiredContexts(bundle, g, launcher));
    const kubeconfig = await updateKubeconfig(deps.kubeconfig, {
      location: { paths: [record.kubeconfigPath], source: 'flag' },
      bundle: bundle.name,
      desired,
      ...(input.dryRun ? { dryRun: true } : {}),
    });
    kubeconfig.changes = kubeconfig.changes.map((change) => {
      if (change.action !== 'updated') return change;
      const d = desired.find((x) => x.name === change.name)!;
      const reasons = describeUpdate(
        record.bundle,
        d,
        groups.find((g) => g.name === d.mark.group)!,
      );
      return reasons.length ? { ...change, reason: reasons.join(', ') } : change;
    });
    const repinned = input.sha256 && input.sha256 !== record.bundleSha256 ? input.sha256 : undefined;
    const next: SetupRecord = {
      ...record,
      bundle,
      groups: groups.map((g) => g.name),
      group: groups[0]?.name ?? record.group,
      contexts: desired.map((d) => d.name),
      ...(repinned ? { bundleSha256: repinned } : {}),
    };
    const recordChanged = !sameValue(next, record);
    // A source URL an older eks-login recorded with its secrets is rewritten without them (the writer moves them).
    if ((recordChanged || hasUrlSecret(record.bundleSource!)) && !input.dryRun) await deps.writeRecord(next);
    results.push({
      name: bundle.name,
      source: redactUrl(record.bundleSource!),
      kubeconfig,
      groupsGone,
      recordChanged,
      ...(repinned ? { repinned } : {}),
    });
  }
  return results;
}
