// Flags several commands share, declared once: --context, --kubeconfig, --output (-o). A command passes its
// own description where the flag means something particular there.

/** --context C: a kubeconfig context (whoami, doctor, logout). */
export function contextOption(describe = 'kubeconfig context (default: the current one)') {
  return { type: 'string', describe } as const;
}

/** --kubeconfig PATH: the kubeconfig file instead of KUBECONFIG / ~/.kube/config (relative to the cwd). */
export function kubeconfigOption(describe = 'kubeconfig file to read the context from (default: KUBECONFIG, else ~/.kube/config)') {
  return { type: 'string', describe } as const;
}

const OUTPUTS = ['text', 'json'] as const;

/** --output text|json, -o unless the command uses -o for something else (`admin bundle -o FILE`). */
export function outputOption(describe = 'text or json', options: { short?: boolean } = {}) {
  const base = { choices: OUTPUTS, default: 'text' as const, describe };
  return options.short === false ? base : { ...base, alias: 'o' };
}
