// The error a deadline of the HTTP layer raises after destroying the socket. Not an SDK-retryable error
// (no ETIMEDOUT code, no TimeoutError name): a server that stayed silent once is not asked again, so a
// silent endpoint costs one deadline, not one per retry.
export class HttpDeadlineError extends Error {
  readonly code = 'EKS_LOGIN_DEADLINE';
  constructor(
    readonly origin: string,
    readonly phase: 'connect' | 'answer',
    readonly timeoutMs: number,
  ) {
    super(
      phase === 'connect'
        ? `no connection to ${origin} within ${seconds(timeoutMs)} s`
        : `${origin} did not answer within ${seconds(timeoutMs)} s`,
    );
    this.name = 'HttpDeadlineError';
  }
}

/** The deadline error inside `error` (the SDK wraps it as an AbortError's cause), if any. */
export function findHttpDeadlineError(error: unknown): HttpDeadlineError | undefined {
  for (let e = error as { cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e instanceof HttpDeadlineError) return e;
  }
  return undefined;
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
