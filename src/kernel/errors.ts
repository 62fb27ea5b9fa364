// The error model: every failure a user can meet is an EksLoginError whose class fixes the exit code
// (docs/token.md, "Exit codes"). Adapters translate third-party failures into these at the boundary; only
// src/cli/run.ts prints them, once, to stderr.

/** Exit codes pinned by the contract. */
export const ExitCode = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  CONFIG: 3,
  CREDENTIALS: 4,
  ACCESS_DENIED: 5,
  NETWORK: 6,
  STORE: 7,
  /**
   * `admin plan --exit-code`: changes are pending (in sync: 0; conflicts: 3). Outside the contract's 0–7 and the
   * shell's 126–165, so a CI drift check tells "changes" from every failure.
   */
  CHANGES_PENDING: 10,
  /** Interrupted by Ctrl-C (SIGINT), the shell's convention 128 + 2. */
  INTERRUPTED: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Why an STS call failed, classified once from AWS's answer by the STS adapter (infra/aws/sts-errors.ts).
 * Core decides on this field (refresh on `expired-token`, the stored key's own error on
 * `credentials-rejected`), never on message text.
 */
export type StsFailureReason =
  | 'clock-skew'
  | 'mfa-code-rejected'
  | 'access-denied'
  | 'credentials-rejected'
  | 'expired-token'
  | 'request-invalid'
  | 'region-disabled'
  | 'unreachable'
  | 'not-sts'
  | 'other';

export interface StsFailure {
  reason: StsFailureReason;
  /** The STS endpoint that was called. */
  endpoint: string;
  /** Who signed, as messages name it: a source ARN, or `access key …ABCD`. */
  caller?: string;
  /** AWS's error code (e.g. InvalidClientTokenId) and the first line of its message, when STS answered. */
  awsCode?: string;
  awsMessage?: string;
}

export interface ErrorOptions {
  /** Stable machine-readable code, e.g. CREDENTIALS_EXPIRED (docs/troubleshooting.md has one heading each). */
  code?: string;
  /** What the user should do next; printed as `hint: …`. */
  hint?: string;
  cause?: unknown;
  /** Set by the STS adapter on every error of an STS call. */
  sts?: StsFailure;
  /**
   * The command has already said what failed (a report, a plan, JSON on stdout): only the exit code is left to
   * give, and nothing more is printed.
   */
  reported?: boolean;
}

/**
 * Base class. `message` reads "<what failed>: <why>" and never contains a secret.
 */
export abstract class EksLoginError extends Error {
  abstract readonly exitCode: ExitCodeValue;
  readonly code: string;
  readonly hint: string | undefined;
  /** What STS said, typed: present on the errors of an STS call (see StsFailure). */
  readonly sts: StsFailure | undefined;
  /** Already said by the command's output: report-error prints nothing (ErrorOptions.reported). */
  readonly reported: boolean;

  constructor(message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? defaultCode(new.target.name);
    this.hint = options.hint;
    this.sts = options.sts;
    this.reported = options.reported ?? false;
  }
}

function defaultCode(className: string): string {
  return className
    .replace(/Error$/, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toUpperCase();
}

/**
 * The base of the error class of one exit code: `class UsageError extends withExitCode('USAGE') {}`. The code is
 * a getter of the class's prototype: every error of the class has it (`error.exitCode`) and classOf reads it off
 * the class. The calls are marked pure so that a bundle keeps only the classes it uses (the warm token path uses
 * three); a getter rather than a field of each error: the fewest instructions on a cache hit.
 */
function withExitCode<const K extends keyof typeof ExitCode>(name: K) {
  const exitCode = ExitCode[name];
  abstract class ErrorOfExitCode extends EksLoginError {
    get exitCode(): typeof exitCode {
      return exitCode;
    }
  }
  return ErrorOfExitCode;
}

/** Bad or missing flags, conflicting options, input that cannot come without a terminal. Exit 2. */
export class UsageError extends /* @__PURE__ */ withExitCode('USAGE') {}
/** Invalid bundle, kubeconfig, AWS config or KUBERNETES_EXEC_INFO. Exit 3. */
export class ConfigError extends /* @__PURE__ */ withExitCode('CONFIG') {}
/** Credentials missing, rejected or expired; MFA needed without a terminal. Exit 4. */
export class CredentialsError extends /* @__PURE__ */ withExitCode('CREDENTIALS') {}
/** AWS said no (AccessDenied on AssumeRole). Exit 5. */
export class AccessDeniedError extends /* @__PURE__ */ withExitCode('ACCESS_DENIED') {}
/** An endpoint could not be reached or timed out. Exit 6. */
export class NetworkError extends /* @__PURE__ */ withExitCode('NETWORK') {}
/** Keychain, cache or lock failure. Exit 7. */
export class StoreError extends /* @__PURE__ */ withExitCode('STORE') {}
/** The command was interrupted (Ctrl-C, SIGTERM) before it finished. Exit 130. */
export class InterruptedError extends /* @__PURE__ */ withExitCode('INTERRUPTED') {}
/** A bug. Exit 1. */
export class InternalError extends /* @__PURE__ */ withExitCode('INTERNAL') {}
/** `admin plan --exit-code` found changes to make (nothing failed). Exit 10. */
export class ChangesPendingError extends /* @__PURE__ */ withExitCode('CHANGES_PENDING') {}

/**
 * The class of an exit code, found by the code each class carries. The list is made when asked, not at load: the
 * warm token path bundles this module, and a table would keep every class in its bundle and be built on every
 * kubectl call (docs/performance.md).
 */
function classOf(exitCode: ExitCodeValue): new (message: string, options?: ErrorOptions) => EksLoginError {
  const classes = [
    UsageError,
    ConfigError,
    CredentialsError,
    AccessDeniedError,
    NetworkError,
    StoreError,
    ChangesPendingError,
    InterruptedError,
  ];
  return classes.find((c) => c.prototype.exitCode === exitCode) ?? InternalError;
}

/**
 * The error a command throws after its own output said what failed (doctor's failed step, whoami's outcome, an
 * invalid bundle as JSON): the class of that exit code, marked `reported`, so nothing more is printed.
 */
export function reportedFailure(exitCode: Exclude<ExitCodeValue, 0>, what: string): EksLoginError {
  return new (classOf(exitCode))(what, { reported: true });
}

/** The same error (class, code, cause, STS facts) with `then` added to its hint: what to run after fixing it. */
export function withHint(error: EksLoginError, then: string): EksLoginError {
  const Class = error.constructor as new (message: string, options?: ErrorOptions) => EksLoginError;
  return new Class(error.message, {
    code: error.code,
    hint: error.hint ? `${error.hint}; then ${then}` : then,
    cause: error.cause,
    ...(error.sts ? { sts: error.sts } : {}),
    reported: error.reported,
  });
}

/**
 * Every EksLoginError carries this mark (on the prototype), so that one made by another bundle's copy of this
 * module is recognised too: dist/hit.cjs's stdout failure is reported by dist/dispatch.cjs (scripts/build.mjs).
 */
const MARK = Symbol.for('eks-login.error');
Object.defineProperty(EksLoginError.prototype, MARK, { value: true });

export function isEksLoginError(value: unknown): value is EksLoginError {
  return (
    value instanceof EksLoginError ||
    (value instanceof Error && (value as unknown as Record<symbol, unknown>)[MARK] === true)
  );
}
