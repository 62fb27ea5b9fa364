// Answers the shell's completion request for values yargs cannot know: context names from the kubeconfig
// (kubectl's KUBECONFIG rules, `--kubeconfig` on the line first) and bundle names from the setup records.
// Never throws and never writes to stderr: a missing or broken file completes nothing.
import type { Services } from '../../services/services.js';
import { completionLines, valueToComplete, type ValueRequest } from './complete-values.js';

/** The lines to print, or undefined when yargs should complete (commands, flags). */
export async function completeValues(words: readonly string[], s: Services): Promise<string[] | undefined> {
  const request = valueToComplete(words);
  if (!request) return undefined;
  const zsh = /zsh/.test(s.env.SHELL ?? '') || /zsh/.test(s.env.ZSH_NAME ?? '');
  try {
    const names = request.kind === 'bundle' ? await bundleNames(s) : await contextNames(request, s);
    return completionLines(names, request.prefix, zsh);
  } catch {
    return [];
  }
}

async function contextNames(request: ValueRequest, s: Services): Promise<string[]> {
  const [{ readKubeconfigs }, { entriesOf }, { ownerOf }] = await Promise.all([
    import('../../kubeconfig/update.js'),
    import('../../kubeconfig/model.js'),
    import('../../kubeconfig/owner.js'),
  ]);
  // No warning callback: completion never writes to stderr.
  const files = await readKubeconfigs(await s.kubeconfigStore(), s.kubeconfigLocation(request.kubeconfig));
  return files.flatMap((file) =>
    entriesOf(file.doc, 'contexts')
      .filter(
        (entry) =>
          typeof entry.name === 'string' && (request.kind === 'context' || ownerOf(entry, 'contexts') !== undefined),
      )
      .map((entry) => entry.name),
  );
}

async function bundleNames(s: Services): Promise<string[]> {
  const { listSetupRecords } = await import('../../record/setup-record-list.node.js');
  return (await listSetupRecords(s.paths.setupsDir)).map((record) => record.bundle.name);
}
