// Flags several commands share, declared once: --context, --kubeconfig, --output (-o), --out. A command passes its
// own description where the flag means something particular there.

/** --context C: a kubeconfig context (whoami, doctor, logout). */
export function contextOption(describe = 'kubeconfig context (default: the current one)') {
  return { type: 'string', describe } as const;
}

/** --kubeconfig PATH: the kubeconfig file instead of KUBECONFIG / ~/.kube/config (relative to the cwd). */
export function kubeconfigOption(
  describe = 'kubeconfig file to read the context from (default: KUBECONFIG, else ~/.kube/config)',
) {
  return { type: 'string', describe } as const;
}

export const OUTPUTS = ['text', 'json'] as const;

/** --output text|json; -o is its short form in every command, as in kubectl. */
export function outputOption(describe = 'text or json') {
  return { choices: OUTPUTS, default: 'text' as const, describe, alias: 'o' } as const;
}

/**
 * --out PATH: the file a command writes instead of stdout (`admin bundle`, `admin export`). Never -o, which is the
 * output format everywhere (`admin bundle -o FILE` is still read for one minor version: cli/commands/admin.ts).
 */
export function outFileOption(describe = 'write to this file instead of stdout') {
  return { type: 'string', describe, requiresArg: true } as const;
}
