// Answers the shell's completion request for values yargs cannot know: context names from the kubeconfig
// (kubectl's KUBECONFIG rules, `--kubeconfig` on the line first) and bundle names from the setup records.
// Never throws and never writes to stderr: a missing or broken file completes nothing.
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { resolvePaths } from '../../core/paths.js';
import type { Env } from '../../ports.js';
import { completionLines, valueToComplete, type ValueRequest } from './complete-values.js';

/** The lines to print, or undefined when yargs should complete (commands, flags). */
export async function completeValues(words: readonly string[], env: Env, cwd: string): Promise<string[] | undefined> {
  const request = valueToComplete(words);
  if (!request) return undefined;
  const zsh = /zsh/.test(env.SHELL ?? '') || /zsh/.test(env.ZSH_NAME ?? '');
  try {
    const names = request.kind === 'bundle' ? await bundleNames(env) : await contextNames(request, env, cwd);
    return completionLines(names, request.prefix, zsh);
  } catch {
    return [];
  }
}

async function contextNames(request: ValueRequest, env: Env, cwd: string): Promise<string[]> {
  const [{ createKubeconfigFileStore }, { readKubeconfigs }, { locateKubeconfig }, { entriesOf }, { ownerOf }] = await Promise.all([
    import('../../adapters/kubeconfig-file-store.js'),
    import('../../core/kubeconfig/update.js'),
    import('../../core/kubeconfig/locate.js'),
    import('../../core/kubeconfig/model.js'),
    import('../../core/kubeconfig/owner.js'),
  ]);
  const location = locateKubeconfig(env, homedir(), request.kubeconfig ? resolve(cwd, request.kubeconfig) : undefined);
  const files = await readKubeconfigs(createKubeconfigFileStore(), location);
  return files.flatMap((file) =>
    entriesOf(file.doc, 'contexts')
      .filter((entry) => typeof entry.name === 'string' && (request.kind === 'context' || ownerOf(entry, 'contexts') !== undefined))
      .map((entry) => entry.name),
  );
}

async function bundleNames(env: Env): Promise<string[]> {
  const { listSetupRecords } = await import('../../adapters/session-files.js');
  return (await listSetupRecords(resolvePaths(env, homedir()).setupsDir)).map((record) => record.bundle.name);
}
