// Composition root for a real process: builds the Node context and runs the CLI.
import { createNodeContext } from './context.js';
import { run } from './run.js';

export async function main(argv: readonly string[]): Promise<number> {
  return run(argv, createNodeContext(process));
}
