// Ports: the interfaces core logic uses to reach the outside world. Real implementations live in
// src/adapters, test doubles in test/support. Core imports these as types only.

/** The time source. Core never calls Date.now(). */
export interface Clock {
  now(): Date;
}

/** Where human-facing diagnostics go (always stderr). */
export interface Logger {
  /** Shown only with --debug. Secrets are masked by the implementation as a last line of defence. */
  debug(message: string): void;
  /** Shown always, on stderr. */
  warn(message: string): void;
}

/** A text sink (stdout or stderr). */
export interface TextSink {
  write(text: string): void;
}

/** The process environment, read only through this. */
export type Env = Readonly<Record<string, string | undefined>>;
