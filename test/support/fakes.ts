// Test doubles by behaviour (fakes, not mocks): a clock you can move, sinks you can read.
import type { Clock, Logger, TextSink } from '../../src/ports.js';
import type { CliContext } from '../../src/cli/context.js';

export class FixedClock implements Clock {
  private current: Date;
  constructor(iso: string | Date) {
    this.current = new Date(iso);
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(iso: string | Date): void {
    this.current = new Date(iso);
  }
}

export class BufferSink implements TextSink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}

export class MemoryLogger implements Logger {
  readonly debugLines: string[] = [];
  readonly warnings: string[] = [];
  debug(message: string): void {
    this.debugLines.push(message);
  }
  warn(message: string): void {
    this.warnings.push(message);
  }
}

export interface TestContext extends CliContext {
  stdout: BufferSink;
  stderr: BufferSink;
}

/** A CLI context with buffers for stdout/stderr and a fixed clock; override what a test needs. */
export function createTestContext(overrides: Partial<CliContext> = {}): TestContext {
  return {
    env: {},
    stdout: new BufferSink(),
    stderr: new BufferSink(),
    clock: new FixedClock('2025-01-02T03:04:05Z'),
    logger: new MemoryLogger(),
    isInteractiveTerminal: false,
    cwd: process.cwd(),
    ...overrides,
  } as TestContext;
}
