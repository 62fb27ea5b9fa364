// Turns any thrown value into the one-line error + hint on stderr and an exit code.
import { ExitCode, isEksLoginError, type ExitCodeValue } from './errors.js';
import { redactSecrets } from './mask.js';
import type { TextSink } from './ports.js';

export function reportError(error: unknown, stderr: TextSink, debug: boolean): ExitCodeValue {
  if (isEksLoginError(error)) {
    if (error.reported) return error.exitCode;
    stderr.write(`eks-login: ${redactSecrets(error.message)}\n`);
    if (error.hint) stderr.write(`  hint: ${redactSecrets(error.hint)}\n`);
    if (debug) writeStack(error, stderr);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`eks-login: internal error: ${redactSecrets(message)}\n`);
  stderr.write(debug ? '' : '  hint: re-run with --debug for details, and report it if it persists\n');
  if (debug) writeStack(error, stderr);
  return ExitCode.INTERNAL;
}

function writeStack(error: unknown, stderr: TextSink): void {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    stderr.write(`${redactSecrets(current.stack ?? String(current))}\n`);
    current = current.cause;
    if (current instanceof Error) stderr.write('caused by: ');
  }
}
