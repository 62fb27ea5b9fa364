// What `eks-login setup` says once it is done: for --dry-run the kubeconfig diff on stdout, then on stderr
// the kubeconfig changes, where the setup was recorded and the kubectl command to try next. Pure: the diff
// text comes from the caller (the `diff` package is an adapter).
import type { UpdateKubeconfigResult } from '../kubeconfig/update.js';
import type { Bundle } from '../record/bundle-types.js';
import type { Write } from '../kernel/write.js';
import { describeChanges } from './report.js';
import type { SetupResult } from './run-setup.js';

export interface RenderSetupOptions {
  dryRun: boolean;
  /** The unified diff of the kubeconfig change (--dry-run only). */
  diff(kubeconfig: UpdateKubeconfigResult): string;
}

export function renderSetup(bundle: Pick<Bundle, 'name'>, result: SetupResult, options: RenderSetupOptions): Write[] {
  const writes: Write[] = [];
  const say = (line: string) => writes.push({ to: 'stderr', text: `${line}\n` });
  if (options.dryRun) writes.push({ to: 'stdout', text: options.diff(result.kubeconfig) });
  for (const line of describeChanges(result.kubeconfig, options.dryRun ? 'dry-run' : 'done')) say(line);
  const groups = result.groups.map((g) => g.name);
  if (result.recordPath)
    say(
      `setup of bundle ${bundle.name} (group${groups.length > 1 ? 's' : ''} ${groups.join(', ')}) recorded in ${result.recordPath}`,
    );
  if (!options.dryRun && result.contexts[0]) say(`next: kubectl --context ${result.contexts[0]} get pods`);
  return writes;
}
