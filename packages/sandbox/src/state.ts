// What the STS and EKS emulators share: the world, the clock, the sessions STS issued, the counters and
// the log of authentication decisions.
import type { Clock } from '../../../src/kernel/ports.js';
import type { World, WorldRole, WorldUser } from './world-types.js';

export interface Decision {
  at: string;
  component: 'sts' | 'eks' | 'sso';
  allowed: boolean;
  reason: string;
}

/** Temporary credentials issued by AssumeRole. */
export interface IssuedSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  role: WorldRole;
  sessionName: string;
  /** MFA was presented when this session (or the one it was chained from) was created. */
  mfaPresent: boolean;
  sourceIdentity?: string;
}

/** Who signed a request. */
export type Principal =
  | { kind: 'user'; user: WorldUser; arn: string; userId: string; account: string; mfaPresent: false }
  | { kind: 'session'; session: IssuedSession; arn: string; userId: string; account: string; mfaPresent: boolean };

/** A failure the next matching request gets instead of its answer (tests of partial failure). */
export interface Fault {
  component: 'eks' | 'eks-api';
  method?: string;
  /** The request path contains this. */
  path?: string;
  status: number;
  message: string;
  remaining: number;
}

export interface SandboxState {
  world: World;
  faults: Fault[];
  /** Refreshes the world's IAM side (users, keys, roles, policies) when it lives elsewhere (moto). */
  refreshIam?: () => Promise<void>;
  clock: Clock;
  sessions: Map<string, IssuedSession>;
  counters: { assumeRole: number; getCallerIdentity: number; tokenReviews: number };
  decisions: Decision[];
  decide(component: Decision['component'], allowed: boolean, reason: string): void;
}

export function createState(world: World, clock: Clock, log: (line: string) => void): SandboxState {
  const decisions: Decision[] = [];
  return {
    world,
    faults: [],
    clock,
    sessions: new Map(),
    counters: { assumeRole: 0, getCallerIdentity: 0, tokenReviews: 0 },
    decisions,
    decide(component, allowed, reason) {
      const at = clock.now().toISOString();
      decisions.push({ at, component, allowed, reason });
      log(`${at} [${component}] ${allowed ? 'ALLOW' : 'DENY '} ${reason}`);
    },
  };
}

/** The principal behind an access key id, or undefined when no such key was ever issued. */
export function principalForKey(
  state: SandboxState,
  accessKeyId: string,
):
  | { principal: Principal; secret: string; status: 'Active' | 'Inactive'; sessionToken?: string; expiration?: Date }
  | undefined {
  const { world } = state;
  for (const user of world.users) {
    const key = user.accessKeys.find((k) => k.id === accessKeyId);
    if (key)
      return {
        principal: { kind: 'user', user, arn: user.arn, userId: user.id, account: world.account, mfaPresent: false },
        secret: key.secret,
        status: key.status,
      };
  }
  const session = state.sessions.get(accessKeyId);
  if (!session) return undefined;
  const arn = `arn:aws:sts::${world.account}:assumed-role/${session.role.name}/${session.sessionName}`;
  return {
    principal: {
      kind: 'session',
      session,
      arn,
      userId: `${session.role.id}:${session.sessionName}`,
      account: world.account,
      mfaPresent: session.mfaPresent,
    },
    secret: session.secretAccessKey,
    status: 'Active',
    sessionToken: session.sessionToken,
    expiration: session.expiration,
  };
}

/** Takes the first matching injected fault (counting it down), if any. */
export function takeFault(
  state: SandboxState,
  component: Fault['component'],
  method: string,
  path: string,
): Fault | undefined {
  const fault = state.faults.find(
    (f) =>
      f.component === component &&
      f.remaining > 0 &&
      (!f.method || f.method === method) &&
      (!f.path || path.includes(f.path)),
  );
  if (fault) fault.remaining -= 1;
  return fault;
}
