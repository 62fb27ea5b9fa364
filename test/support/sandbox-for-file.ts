// The sandbox and one new machine on it, shared by the tests of one file: started before them, the
// machine's HOME removed and the sandbox stopped after them (also when start-up failed half-way).
import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../packages/sandbox/src/index.js';
import { newMachine, type Machine } from './sandbox-machine.js';

export interface SandboxAndMachine {
  /** Set once beforeAll has run. */
  sb: Sandbox;
  m: Machine;
}

export function useSandboxAndMachine(options?: SandboxOptions): SandboxAndMachine {
  const w = {} as Partial<SandboxAndMachine>;
  beforeAll(async () => {
    w.sb = await startSandbox(options);
    w.m = newMachine(w.sb);
  });
  afterAll(async () => {
    w.m?.remove();
    await w.sb?.stop();
  });
  return w as SandboxAndMachine;
}
