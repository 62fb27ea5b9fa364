// Whether a person can answer a prompt (MFA code): under kubectl only when KUBERNETES_EXEC_INFO says
// interactive (kubectl then passes its terminal as our stdin); run directly, when stdin and stderr are a
// terminal. Never wait for input that cannot come. Pure.

export interface TerminalFacts {
  /** KUBERNETES_EXEC_INFO is set (we run under kubectl). */
  underKubectl: boolean;
  /** spec.interactive from KUBERNETES_EXEC_INFO. */
  execInteractive: boolean;
  stdinIsTTY: boolean;
  stderrIsTTY: boolean;
}

/** Whether a prompt can be answered: under kubectl only when it says interactive, else a terminal on stdin and stderr. */
export function canPrompt(facts: TerminalFacts): boolean {
  return facts.underKubectl ? facts.execInteractive : facts.stdinIsTTY && facts.stderrIsTTY;
}
