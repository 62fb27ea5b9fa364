// The process's controlling terminal (/dev/tty), where prompts go when there is one: a client that
// captures the plugin's stderr (python's kubernetes client shows it only after a failure) or feeds stdin
// from elsewhere still lets the person see the question and answer it. No controlling terminal (CI, a GUI
// client, Windows): undefined, and callers use stdin/stderr as before.
import { closeSync, openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';

export interface TerminalStreams {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  /** Releases the terminal so the process can exit. */
  close(): void;
}

export function openControllingTerminal(path = '/dev/tty'): TerminalStreams | undefined {
  let readFd: number | undefined;
  let writeFd: number | undefined;
  try {
    readFd = openSync(path, 'r');
    writeFd = openSync(path, 'w');
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
    for (const fd of [readFd, writeFd]) if (fd !== undefined) try { closeSync(fd); } catch { /* already closed */ }
    return undefined;
  }
}
