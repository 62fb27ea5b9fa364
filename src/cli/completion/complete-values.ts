// Completion of values yargs cannot know: context names after `--context` (and `login <context>`), bundle
// names after `--bundle`. `words` is what the shell script passes after --get-yargs-completions: the
// program name, the words typed so far, the word being completed last. Pure.

type ValueKind =
  /** Every context of the kubeconfig (whoami and doctor also work for other tools' contexts). */
  | 'context'
  /** Contexts eks-login setup wrote (login, logout act on setup's bundles). */
  | 'eks-login-context'
  /** Bundles that were set up (setup records). */
  | 'bundle';

/** Flags of the commands involved that take a value (their value is not a positional). */
const VALUE_FLAGS = new Set([
  '--context',
  '--kubeconfig',
  '--bundle',
  '--output',
  '-o',
  '--namespace',
  '-n',
  '--sha256',
]);
const EKS_LOGIN_ONLY = new Set(['login', 'logout']);

export interface ValueRequest {
  kind: ValueKind;
  /** What is typed of the value so far. */
  prefix: string;
  /** The `--kubeconfig` given on the line, if any. */
  kubeconfig?: string;
}

export function valueToComplete(words: readonly string[]): ValueRequest | undefined {
  if (words.length < 3) return undefined;
  const command = words[1]!;
  const current = words[words.length - 1]!;
  const previous = words[words.length - 2]!;
  const typed = words.slice(2, -1);
  const at = typed.indexOf('--kubeconfig');
  const kubeconfig = at >= 0 ? typed[at + 1] : undefined;
  const request = (kind: ValueKind): ValueRequest => ({ kind, prefix: current, ...(kubeconfig ? { kubeconfig } : {}) });
  if (previous === '--bundle') return request('bundle');
  if (previous === '--context') return request(EKS_LOGIN_ONLY.has(command) ? 'eks-login-context' : 'context');
  if (command === 'login' && !current.startsWith('-') && positionals(typed) === 0) return request('eks-login-context');
  return undefined;
}

function positionals(words: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith('-')) {
      if (VALUE_FLAGS.has(word)) i++;
    } else count++;
  }
  return count;
}

/** The candidates starting with `prefix`, sorted, each once; for zsh `:` is escaped (its `name:description` form). */
export function completionLines(names: Iterable<string>, prefix: string, zsh: boolean): string[] {
  const unique = [...new Set(names)].filter((n) => n.startsWith(prefix) && !/[\r\n]/.test(n)).sort();
  return zsh ? unique.map((n) => n.replace(/\\/g, '\\\\').replace(/:/g, '\\:')) : unique;
}
