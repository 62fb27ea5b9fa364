// Standard output that cannot take the result: a reader that closed the pipe (EPIPE), a closed fd
// (EBADF), /dev/full (ENOSPC). One line on stderr and exit 1, never a stack trace: there is nothing
// else to do, and kubectl (or the shell) already went away or reads the exit code.
import { writeSync } from 'node:fs';
import { InternalError } from '../kernel/errors.js';
import type { TextSink } from '../kernel/ports.js';

const WHY: Record<string, string> = {
  EPIPE: 'the reading end was closed',
  EBADF: 'it is closed',
  ENOSPC: 'no space left on the device',
  EIO: 'an I/O error',
};

/** The error to throw when writing stdout failed. */
export function stdoutFailure(error: unknown): InternalError {
  const code = (error as NodeJS.ErrnoException)?.code ?? 'EIO';
  return new InternalError(
    `cannot write the output to standard output: ${code} (${WHY[code] ?? (error as Error).message})`,
    { code: 'STDOUT_FAILED', cause: error },
  );
}

/** stderr straight to fd 2, for failures outside run(); never throws (stderr may be gone too). */
export const fd2: TextSink = {
  write: (text) => {
    try {
      writeSync(2, text);
    } catch {
      // nowhere left to say it
    }
  },
};

/** A stdout 'error' event (asynchronous EPIPE on a pipe): report once and end the process with exit 1. */
export function exitOnStdoutFailure(error: unknown): never {
  fd2.write(`eks-login: ${stdoutFailure(error).message}\n`);
  process.exit(1);
}
