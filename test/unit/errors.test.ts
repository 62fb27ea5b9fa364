// The error classes: each one's exit code, name, default code and instanceof, as the contract pins them, made by
// the one base of an exit code (kernel/errors.ts withExitCode), and the class reportedFailure picks for a code.
import { describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  ChangesPendingError,
  ConfigError,
  CredentialsError,
  EksLoginError,
  ExitCode,
  InternalError,
  InterruptedError,
  NetworkError,
  StoreError,
  UsageError,
  isEksLoginError,
  reportedFailure,
  withHint,
} from '../../src/kernel/errors.js';

const CLASSES = [
  [UsageError, 2, 'USAGE'],
  [ConfigError, 3, 'CONFIG'],
  [CredentialsError, 4, 'CREDENTIALS'],
  [AccessDeniedError, 5, 'ACCESS_DENIED'],
  [NetworkError, 6, 'NETWORK'],
  [StoreError, 7, 'STORE'],
  [InternalError, 1, 'INTERNAL'],
  [ChangesPendingError, 10, 'CHANGES_PENDING'],
  [InterruptedError, 130, 'INTERRUPTED'],
] as const;

describe('the error classes', () => {
  it.each(CLASSES)('%o: its exit code, name, default code, hint and instanceof', (Class, exitCode, code) => {
    const error = new Class('reading x failed: because', { hint: 'run y', cause: 'why' });
    expect(error.exitCode).toBe(exitCode);
    expect(error.name).toBe(Class.name);
    expect(error.code).toBe(code);
    expect(error.message).toBe('reading x failed: because');
    expect(error.hint).toBe('run y');
    expect(error.cause).toBe('why');
    expect(error.reported).toBe(false);
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(EksLoginError);
    expect(error).toBeInstanceOf(Error);
    for (const [Other] of CLASSES) if (Other !== Class) expect(error).not.toBeInstanceOf(Other);
    expect(isEksLoginError(error)).toBe(true);
    expect(String(error)).toBe(`${Class.name}: reading x failed: because`);
  });

  it('takes an explicit code and STS facts', () => {
    const sts = { reason: 'expired-token' as const, endpoint: 'https://sts.eu-west-1.amazonaws.com/' };
    const error = new CredentialsError('AssumeRole failed: expired', { code: 'CREDENTIALS_EXPIRED', sts });
    expect(error.code).toBe('CREDENTIALS_EXPIRED');
    expect(error.sts).toBe(sts);
  });

  it('the exit codes are the contract table', () => {
    expect(CLASSES.map(([Class]) => new Class('x').exitCode).sort((a, b) => a - b)).toEqual(
      Object.values(ExitCode)
        .filter((c) => c !== 0)
        .sort((a, b) => a - b),
    );
  });
});

describe('reportedFailure', () => {
  it.each(CLASSES)('%o: the class of its exit code, marked reported', (Class, exitCode) => {
    const error = reportedFailure(exitCode, 'doctor: a step failed');
    expect(error).toBeInstanceOf(Class);
    expect(error.exitCode).toBe(exitCode);
    expect(error.reported).toBe(true);
    expect(error.message).toBe('doctor: a step failed');
  });
});

describe('withHint', () => {
  it('keeps the class, code, cause and STS facts and adds to the hint', () => {
    const sts = { reason: 'access-denied' as const, endpoint: 'https://sts.amazonaws.com/' };
    const error = new AccessDeniedError('AssumeRole denied: no', { code: 'DENIED', hint: 'ask', cause: 1, sts });
    const more = withHint(error, 're-run');
    expect(more).toBeInstanceOf(AccessDeniedError);
    expect(more).toMatchObject({ exitCode: 5, code: 'DENIED', hint: 'ask; then re-run', cause: 1, sts });
    expect(withHint(new StoreError('x: y'), 're-run').hint).toBe('re-run');
  });
});
