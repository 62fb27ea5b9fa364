// The one cancellation of a command: an AbortSignal made in the composition root on first use (a warm token
// never makes it), aborted with an InterruptedError by Ctrl-C (SIGINT: exit 130) or SIGTERM (then SIGTERM's
// default action ends the process). Every socket, proxy tunnel, timer and child process of the command is tied to
// it (the HTTP layer, the SDK handler, the loopback redirect of a sign-in, sleeps, another exec plugin whoami and
// doctor run; the keychain helper dies with the process). The browser opener alone is left running: it is detached
// and unref'd, so it never holds the process, and killing it could close the person's browser. When the command
// has ended, end() aborts what is still open and makes sure the process exits, whatever handle is left: a
// command's deadline is the process's.
import { InterruptedError } from '../kernel/errors.js';

/** How long after Ctrl-C, or after the command's end, a handle may still hold the process. */
const GRACE_MS = 1_500;

export interface CommandSignal {
  /** The command's signal, made (and the signal handlers installed) on the first call. */
  signal(): AbortSignal;
  /**
   * The command ended with `code`: abort what is left and exit within the grace time, whatever is still open.
   * Returns the exit code to use: 130 after Ctrl-C, whatever failure the interruption caused.
   */
  end(code: number): number;
}

export function commandSignal(proc: NodeJS.Process): CommandSignal {
  let controller: AbortController | undefined;
  let interrupted = false;
  const onSignal = (name: NodeJS.Signals): void => {
    if (name === 'SIGTERM') {
      // Stop now: abort what is open (its listeners run synchronously), then SIGTERM's own default action,
      // unless another listener (a lock library) re-raises it itself.
      controller?.abort(new InterruptedError('stopped by SIGTERM: nothing more was done', { code: 'INTERRUPTED' }));
      proc.removeListener('SIGINT', onSignal);
      proc.removeListener('SIGTERM', onSignal);
      if (proc.listenerCount('SIGTERM') === 0) proc.kill(proc.pid, 'SIGTERM');
      return;
    }
    // A second Ctrl-C does not wait for anything.
    if (interrupted) proc.exit(130);
    interrupted = true;
    controller?.abort(new InterruptedError('interrupted (Ctrl-C): nothing more was done', { code: 'INTERRUPTED' }));
    proc.exitCode = 130;
    setTimeout(() => proc.exit(130), GRACE_MS).unref();
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
      const final = interrupted ? 130 : code;
      if (controller && !controller.signal.aborted)
        controller.abort(new InterruptedError('the command has ended', { code: 'COMMAND_ENDED' }));
      // Unref'd: it never keeps the process alive, it only ends one that something else still holds.
      setTimeout(() => proc.exit(final), GRACE_MS).unref();
      return final;
    },
  };
}
