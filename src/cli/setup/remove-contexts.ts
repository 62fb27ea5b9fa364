// `logout --remove-contexts`: removes the kubeconfig entries setup wrote, from the files of the setup
// records and of the current kubeconfig location (--kubeconfig, KUBECONFIG, ~/.kube/config).
import { homeDir } from '../../adapters/home-dir.js';
import { resolve } from 'node:path';
import { createKubeconfigFileStore } from '../../adapters/kubeconfig-file-store.js';
import { locateKubeconfig } from '../../core/kubeconfig/locate.js';
import { removeSetupEntries } from '../../core/kubeconfig/remove-setup-entries.js';
import type { CliContext } from '../context.js';

export interface RemoveContextsOptions {
  /** Only entries of these (bundle, group) pairs; all of setup's entries when absent (`logout --all`). */
  groups?: Array<{ bundle: string; group: string }>;
  /** --kubeconfig of the logout command. */
  kubeconfig?: string;
  /** kubeconfigPath of every setup record. */
  recordedKubeconfigs: string[];
}

/** Removes the entries and returns one line per changed file for the person. */
export async function removeSetupContexts(ctx: CliContext, options: RemoveContextsOptions): Promise<string[]> {
  const location = locateKubeconfig(ctx.env, homeDir, options.kubeconfig ? resolve(ctx.cwd, options.kubeconfig) : undefined, ctx.cwd);
  const groups = options.groups;
  const results = await removeSetupEntries(createKubeconfigFileStore({ warn: (m) => ctx.logger.warn(m) }), [...options.recordedKubeconfigs, ...location.paths], (mark) => !groups || groups.some((g) => g.bundle === mark.bundle && g.group === mark.group));
  if (results.length === 0) return ['kubeconfig: no contexts written by eks-login setup found'];
  return results.map(
    (r) =>
      `kubeconfig ${r.path}: removed ${r.removed.join(', ')}${r.clearedCurrentContext ? '; current-context cleared' : ''}${r.backupPath ? ` (previous version in ${r.backupPath})` : ''}`,
  );
}
