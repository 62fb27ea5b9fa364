// What `eks-login sync` says, bundle by bundle: a status line on stderr (unchanged, synced, dry run, skipped,
// re-pinned), the groups that left the bundle, the kubeconfig changes, and for --dry-run the diff on stdout.
// Pure: the diff text comes from the caller (the `diff` package is an adapter).
import type { UpdateKubeconfigResult } from '../kubeconfig/update.js';
import type { Write } from '../kernel/write.js';
import { describeChanges } from './report.js';
import type { SyncedBundle } from './run-sync.js';

export interface RenderSyncOptions {
  dryRun: boolean;
  /** The unified diff of a kubeconfig change (--dry-run only). */
  diff(kubeconfig: UpdateKubeconfigResult): string;
}

export function renderSync(results: readonly SyncedBundle[], options: RenderSyncOptions): Write[] {
  const writes: Write[] = [];
  const say = (line: string) => writes.push({ to: 'stderr', text: `${line}\n` });
  for (const r of results) {
    if (r.skipped || !r.kubeconfig) {
      say(`bundle ${r.name}: skipped: ${r.skipped}`);
      continue;
    }
    const k = r.kubeconfig;
    const unchanged = !k.changed && !r.recordChanged;
    const status = unchanged ? 'unchanged' : options.dryRun ? 'changes found (dry run, nothing written)' : 'synced';
    say(`bundle ${r.name} (${r.source}): ${status}${r.repinned ? `; pinned to sha256 ${r.repinned}` : ''}`);
    for (const group of r.groupsGone) say(`  group ${group} is no longer in the bundle: its contexts are removed`);
    if (unchanged) continue;
    if (options.dryRun) writes.push({ to: 'stdout', text: options.diff(k) });
    for (const line of describeChanges(k, options.dryRun ? 'dry-run' : 'done')) say(`  ${line}`);
  }
  return writes;
}
