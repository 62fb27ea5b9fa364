// The process's controlling terminal (/dev/tty; on Windows the console, CONIN$ and CONOUT$: kernel/platform.ts),
// where prompts go when there is one: a client that captures the plugin's stderr (python's kubernetes client
// shows it only after a failure) or feeds stdin from elsewhere still lets the person see the question and
// answer it. No terminal (CI, a GUI client, a process without a console): undefined, and callers use
// stdin/stderr as before; with neither, the caller fails fast (exit 4) on every platform.
import { closeSync, openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';

export interface TerminalStreams {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  /** Releases the terminal so the process can exit. */
  close(): void;
}

export function openControllingTerminal(
  devices: { input: string; output: string } = { input: '/dev/tty', output: '/dev/tty' },
): TerminalStreams | undefined {
  let readFd: number | undefined;
  let writeFd: number | undefined;
  try {
    readFd = openSync(devices.input, 'r');
    writeFd = openSync(devices.output, 'w');
    const input = new ReadStream(readFd) as NodeJS.ReadStream;
    const output = new WriteStream(writeFd) as NodeJS.WriteStream;
    return {
      input,
      output,
      close: () => {
        input.destroy();
        output.destroy();
      },
    };
  } catch {
    for (const fd of [readFd, writeFd])
      if (fd !== undefined)
        try {
          closeSync(fd);
        } catch {
          /* already closed */
        }
    return undefined;
  }
}
