// What a command's one wired call hands back to the command (cli/emit.ts writes it): text for stdout or stderr,
// in order, and the failure to end with when the command failed after saying why (exit code from its class).
import type { EksLoginError } from './errors.js';

export interface Write {
  to: 'stdout' | 'stderr';
  text: string;
}

export interface Outcome {
  writes: Write[];
  /**
   * Thrown once the writes are made: an EksLoginError, often `reported` (errors.ts) as the writes said what
   * failed, or whatever a later step threw after the first writes were due.
   */
  failure?: EksLoginError | unknown;
}
