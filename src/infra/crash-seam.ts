// A test seam that kills this process (SIGKILL: no cleanup, no exit handlers, as a power cut or the OOM
// killer would) at a named step of a multi-step transaction, so a test can prove each step is crash-safe.
// Off unless EKS_LOGIN_TEST_CRASH_AT names a step AND EKS_LOGIN_TEST_SEAMS holds the exact phrase below:
// no real environment sets both by accident.
import type { Env } from '../kernel/ports.js';

export const CRASH_SEAM_PHRASE = 'kill-this-process-at-the-named-step';

/** The checkpoint to give a use case, or undefined (the normal case). */
export function crashSeam(env: Env): ((step: string) => void) | undefined {
  const at = env.EKS_LOGIN_TEST_CRASH_AT;
  if (!at || env.EKS_LOGIN_TEST_SEAMS !== CRASH_SEAM_PHRASE) return undefined;
  return (step) => {
    if (step === at) process.kill(process.pid, 'SIGKILL');
  };
}
