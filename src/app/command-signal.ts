// The one cancellation of a command: an AbortSignal made in the composition root on first use (a warm token
// never makes it), aborted by Ctrl-C (SIGINT) or SIGTERM with an InterruptedError (exit 130). Every socket,
// proxy tunnel, child process and timer of the command is tied to it (the HTTP layer, the SDK handler, the
// loopback redirect, the keychain helper, sleeps). When the command has ended, end() aborts what is still
// open and makes sure the process exits, whatever handle is left: a command's deadline is the process's.
import { InterruptedError } from '../errors.js';

/** How long after Ctrl-C, or after the command's end, a handle may still hold the process. */
const GRACE_MS = 1_500;

export interface CommandSignal {
  /** The command's signal, made (and the signal handlers installed) on the first call. */
  signal(): AbortSignal;
  /** The command ended with `code`: abort what is left and exit within the grace time, whatever is still open. */
  end(code: number): void;
}

export function commandSignal(proc: NodeJS.Process): CommandSignal {
  let controller: AbortController | undefined;
  let interrupts = 0;
  const onSignal = (name: NodeJS.Signals): void => {
    const code = name === 'SIGINT' ? 130 : 143;
    interrupts++;
    // A second Ctrl-C does not wait for anything.
    if (interrupts > 1) proc.exit(code);
    controller?.abort(new InterruptedError(name === 'SIGINT' ? 'interrupted (Ctrl-C): nothing more was done' : `stopped by ${name}: nothing more was done`, { code: 'INTERRUPTED' }));
    proc.exitCode = code;
    setTimeout(() => proc.exit(code), GRACE_MS).unref();
  };
  return {
    signal: () => {
      if (!controller) {
        controller = new AbortController();
        proc.on('SIGINT', onSignal);
        proc.on('SIGTERM', onSignal);
      }
      return controller.signal;
    },
    end: (code) => {
      if (controller && !controller.signal.aborted) controller.abort(new InterruptedError('the command has ended', { code: 'COMMAND_ENDED' }));
      // Unref'd: it never keeps the process alive, it only ends one that something else still holds.
      setTimeout(() => proc.exit(code), GRACE_MS).unref();
    },
  };
}
