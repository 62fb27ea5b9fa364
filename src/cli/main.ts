// The full CLI of a real process: the composition root over the process's edges, then run().
import { commandSignal } from '../container/command-signal.js';
import { nodeEdges } from '../container/node-edges.js';
import { createServices } from '../container/container.js';
import { run } from './run.js';

export async function main(argv: readonly string[]): Promise<number> {
  const cancel = commandSignal(process);
  const code = await run(argv, createServices(nodeEdges(process, cancel)));
  return cancel.end(code);
}
