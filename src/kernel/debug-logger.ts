// The stderr logger behind --debug. Every line passes through redactSecrets as a last line of defence.
import { redactSecrets } from './mask.js';
import type { Logger, TextSink } from './ports.js';

export function createStderrLogger(stderr: TextSink, debug: boolean): Logger {
  return {
    debug: (message) => {
      if (debug) stderr.write(`eks-login: debug: ${redactSecrets(message)}\n`);
    },
    warn: (message) => stderr.write(`eks-login: warning: ${redactSecrets(message)}\n`),
  };
}
