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
} from '../../src/kernel/ports.js';
import { createServices } from '../../src/container/container.js';
import type { Adapters, Edges, Services } from '../../src/services/services.js';
import { platformOf } from '../../src/kernel/platform.js';
import type { CredentialsDeps } from '../../src/credentials/credentials-deps.js';

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

export interface TestContext extends Services {
  stdout: BufferSink;
  stderr: BufferSink;
  with(changes: Partial<Edges>, replace?: Partial<Adapters>): TestContext;
}

/** Facts of the process a test may set, plus any adapter it replaces with a fake. */
export type TestContextOptions = Partial<Edges> & Partial<Adapters>;

const EDGE_KEYS = new Set<string>([
  'env',
  'cwd',
  'stdout',
  'stderr',
  'clock',
  'logger',
  'isInteractiveTerminal',
  'stdoutIsTerminal',
  'columns',
  'readStdin',
  'script',
  'pid',
  'platform',
  'signal',
]);

/**
 * The composition root (src/services/services.ts) over test facts: buffers for stdout/stderr, a fixed clock, no
 * terminal, an empty environment; the keychain is a MemorySecretStore, STS a FakeStsGateway, and nobody
 * answers prompts unless the test says so. Any other edge or adapter can be replaced through `options`;
 * the rest are the real adapters (files under the test's HOME / XDG directories).
 */
export function createTestContext(options: TestContextOptions = {}): TestContext {
  const clock = options.clock ?? new FixedClock('2025-01-02T03:04:05Z');
  const cancel = new AbortController();
  const edges: Edges = {
    env: {},
    cwd: process.cwd(),
    stdout: new BufferSink(),
    stderr: new BufferSink(),
    clock,
    logger: new MemoryLogger(),
    isInteractiveTerminal: false,
    stdoutIsTerminal: false,
    readStdin: async () => null,
    script: '/usr/local/bin/eks-login',
    pid: process.pid,
    platform: platformOf('linux'),
    signal: () => cancel.signal,
  };
  const replaced: Partial<Adapters> = {
    secretStore: memo(async () => new MemorySecretStore()),
    stsGateway: memo(async () => new FakeStsGateway(clock)),
    prompter: async () => ({
      ask: async (question) => Promise.reject(new Error(`test context: nobody answers ${JSON.stringify(question)}`)),
    }),
    mfaPrompt: async () => ({ available: false, ask: async () => '' }),
    openBrowser: async () => undefined,
  };
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (EDGE_KEYS.has(key)) (edges as unknown as Record<string, unknown>)[key] = value;
    else (replaced as Record<string, unknown>)[key] = value;
  }
  return createServices(edges, replaced) as TestContext;
}

/** Always the same object from a zero-argument async factory. */
function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
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
    const run = previous
      .catch(() => undefined)
      .then(() => {
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
    this.calls.push(
      `AssumeRole ${credentials.accessKeyId} ${request.roleArn} ${target.endpoint}${request.sourceIdentity ? ` SourceIdentity=${request.sourceIdentity}` : ''}`,
    );
    this.assumeRoleRequests.push(request);
    this.maybeFail();
    const n = ++this.serial;
    const [, partition, , , account, resource] = request.roleArn.split(':');
    const roleName = resource!.split('/').at(-1);
    const accessKeyId = `ASIAFAKE${String(n).padStart(12, '0')}`;
    const assumedRoleArn = `arn:${partition}:sts::${account}:assumed-role/${roleName}/${request.roleSessionName}`;
    this.identities.set(accessKeyId, {
      arn: assumedRoleArn,
      account: account!,
      userId: `AROAFAKE:${request.roleSessionName}`,
    });
    return {
      credentials: {
        accessKeyId,
        secretAccessKey: `secret-${n}`,
        sessionToken: `token-${n}`,
        expiration: new Date(this.clock.now().getTime() + request.durationSeconds * 1000),
      },
      assumedRoleArn,
      assumedRoleId: `AROAFAKE:${request.roleSessionName}`,
      ...(request.sourceIdentity ? { sourceIdentity: request.sourceIdentity } : {}),
    };
  }

  private maybeFail(): void {
    const failure = this.failures.shift();
    if (failure) throw failure;
  }
}

/**
 * The credentials port in memory (no keychain, no lock files, no sources, no STS, no IAM Identity Center):
 * `mfaAnswers` answers MFA prompts; spread it and replace any member by name.
 */
export function memoryCredentials(
  clock: Clock,
  logger: Logger,
  options: { mfaAnswers?: string[]; store?: SecretStore; lock?: Locker } = {},
): CredentialsDeps {
  const { mfaAnswers: answers, store = new MemorySecretStore(), lock = new MemoryLocker() } = options;
  const none = (what: string) => () => Promise.reject(new Error(`no ${what} in this test`));
  return {
    env: {},
    clock,
    logger,
    sources: {},
    stsGateway: none('STS'),
    secretStore: async () => store,
    locker: async () => lock,
    mfa: async () => ({ available: answers !== undefined, ask: async () => answers?.shift() ?? '' }),
    profileMfaSerial: async () => undefined,
    ssoTokens: none('IAM Identity Center token cache'),
    ssoOidc: none('IAM Identity Center OIDC'),
    ssoPortal: none('IAM Identity Center portal'),
    signInDeps: none('sign-in'),
  };
}
