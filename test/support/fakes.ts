// Test doubles by behaviour (fakes, not mocks): a clock you can move, sinks you can read.
import type {
  AssumedRole,
  AssumeRoleRequest,
  AwsCredentials,
  CallerIdentity,
  Clock,
  Locker,
  Logger,
  SecretStore,
  StsGateway,
  StsTarget,
  TextSink,
} from '../../src/ports.js';
import type { CliContext } from '../../src/cli/context.js';
import type { RoleSessionServices } from '../../src/core/credentials/resolve-signing-credentials.js';

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

/** A SecretStore in memory; `failWith` makes every call throw (e.g. a StoreError for "unavailable"). */
export class MemorySecretStore implements SecretStore {
  readonly backend = 'memory' as const;
  readonly location = 'memory';
  readonly entries = new Map<string, string>();
  readonly calls: string[] = [];
  failWith: Error | undefined;
  async get(account: string): Promise<string | null> {
    this.record(`get ${account}`);
    return this.entries.get(account) ?? null;
  }
  async set(account: string, secret: string): Promise<void> {
    this.record(`set ${account}`);
    this.entries.set(account, secret);
  }
  async delete(account: string): Promise<boolean> {
    this.record(`delete ${account}`);
    return this.entries.delete(account);
  }
  private record(call: string): void {
    this.calls.push(call);
    if (this.failWith) throw this.failWith;
  }
}

/** A Locker for one process: serialises by key in memory and counts acquisitions. */
export class MemoryLocker implements Locker {
  readonly acquired: string[] = [];
  private readonly tails = new Map<string, Promise<unknown>>();
  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => {
      this.acquired.push(key);
      return fn();
    });
    this.tails.set(key, run);
    return run;
  }
}

/**
 * STS by behaviour: identities by access key id, roles a caller may assume, sessions it issued.
 * `fail` makes the next calls throw the given errors in order.
 */
export class FakeStsGateway implements StsGateway {
  readonly identities = new Map<string, CallerIdentity>();
  readonly assumeRoleRequests: AssumeRoleRequest[] = [];
  readonly calls: string[] = [];
  readonly failures: Error[] = [];
  private serial = 0;
  constructor(private readonly clock: Clock) {}

  async getCallerIdentity(credentials: AwsCredentials, target: StsTarget): Promise<CallerIdentity> {
    this.calls.push(`GetCallerIdentity ${credentials.accessKeyId} ${target.endpoint}`);
    this.maybeFail();
    const known = this.identities.get(credentials.accessKeyId);
    if (!known) throw new Error(`FakeStsGateway: unknown access key ${credentials.accessKeyId}`);
    return known;
  }

  async assumeRole(credentials: AwsCredentials, target: StsTarget, request: AssumeRoleRequest): Promise<AssumedRole> {
    this.calls.push(`AssumeRole ${credentials.accessKeyId} ${request.roleArn} ${target.endpoint}`);
    this.assumeRoleRequests.push(request);
    this.maybeFail();
    const n = ++this.serial;
    const [, partition, , , account, resource] = request.roleArn.split(':');
    const roleName = resource!.split('/').at(-1);
    const accessKeyId = `ASIAFAKE${String(n).padStart(12, '0')}`;
    const assumedRoleArn = `arn:${partition}:sts::${account}:assumed-role/${roleName}/${request.roleSessionName}`;
    this.identities.set(accessKeyId, { arn: assumedRoleArn, account: account!, userId: `AROAFAKE:${request.roleSessionName}` });
    return {
      credentials: {
        accessKeyId,
        secretAccessKey: `secret-${n}`,
        sessionToken: `token-${n}`,
        expiration: new Date(this.clock.now().getTime() + request.durationSeconds * 1000),
      },
      assumedRoleArn,
      assumedRoleId: `AROAFAKE:${request.roleSessionName}`,
    };
  }

  private maybeFail(): void {
    const failure = this.failures.shift();
    if (failure) throw failure;
  }
}

/** Role-session services in memory (no keychain, no lock files); `mfaAnswers` answers MFA prompts. */
export function memoryRoleSessions(clock: Clock, logger: Logger, options: { mfaAnswers?: string[]; store?: SecretStore } = {}): RoleSessionServices {
  const answers = options.mfaAnswers;
  return {
    clock,
    logger,
    store: options.store ?? new MemorySecretStore(),
    locker: new MemoryLocker(),
    mfa: { available: answers !== undefined, ask: async () => answers?.shift() ?? '' },
    profileMfaSerial: async () => undefined,
  };
}
