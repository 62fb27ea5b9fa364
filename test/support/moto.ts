// moto as an independent STS/IAM for integration tests: starts `python3 -m moto.server` on a free loopback
// port, seeds IAM users, roles, policies and access keys through its API, then switches request
// authentication on. Limits of stock moto (trust on account root always denied, MFA ignored, no expiry
// checks, presigned URLs unsupported) are worked around here; seed trust policies with explicit user ARNs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { sampleBundle } from './bundles.js';

export const MOTO_ACCOUNT_ID = '123456789012';

export interface MotoUserSeed {
  name: string;
  /** Role names (or `*` patterns) this user may sts:AssumeRole; becomes an inline identity policy. */
  mayAssume?: string[];
  /** More statements for the user's inline policy (e.g. iam:CreateAccessKey on itself). */
  statements?: object[];
}

export interface MotoRoleSeed {
  name: string;
  /** IAM user names trusted by the role (explicit ARNs: moto denies account-root principals). */
  trustedUsers: string[];
  /** Adds a StringEquals sts:ExternalId condition to the trust policy. */
  externalId?: string;
  maxSessionDuration?: number;
  /** Managed policy documents attached to the role (e.g. so role chaining can be allowed). */
  policies?: object[];
}

export interface MotoSeed {
  users: MotoUserSeed[];
  roles: MotoRoleSeed[];
}

export interface MotoUser {
  name: string;
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface MotoAssumedRole {
  role_arn: string;
  session_name: string;
  external_id: string | null;
  arn: string;
  access_key_id: string;
}

export interface Moto {
  /** http://127.0.0.1:<port>, for AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL. */
  endpoint: string;
  accountId: string;
  users: Record<string, MotoUser>;
  /** Role ARNs by role name. */
  roles: Record<string, string>;
  /** Everything moto holds (GET /moto-api/data.json): includes assumed-role sessions. */
  data(): Promise<Record<string, unknown>>;
  /** The AssumeRole sessions moto has issued since start (what it recorded of each request). */
  assumedRoles(): Promise<MotoAssumedRole[]>;
  /** How many AssumeRole sessions moto has issued since start. */
  assumeRoleCount(): Promise<number>;
  /** Switches SigV4/IAM enforcement on (true) or off. */
  setAuth(on: boolean): Promise<void>;
  /** An IAM client on moto; default credentials: the seeding key (what tests use to look or change behind eks-login's back). */
  iam(credentials?: { accessKeyId: string; secretAccessKey: string }): IAMClient;
  /** STS at moto and the user's long-term key: what a developer's shell holds for `setup --from-env`. */
  userEnv(user: string): Record<string, string>;
  stop(): Promise<void>;
}

/** The seeding identity: moto accepts any key while auth is off, and this one is never seeded as a user. */
const SEED_CREDENTIALS = { accessKeyId: 'AKIASEEDSEEDSEEDSEED', secretAccessKey: 'seed' };

/** The default world: a developer who may assume `developers*`, an admin who may assume anything. */
export const DEFAULT_SEED: MotoSeed = {
  users: [
    { name: 'developer-mike', mayAssume: ['developers*'] },
    { name: 'admin-oliver', mayAssume: ['*'] },
  ],
  roles: [
    { name: 'developers', trustedUsers: ['developer-mike', 'admin-oliver'] },
    { name: 'admins', trustedUsers: ['admin-oliver'] },
    { name: 'developers-extid', trustedUsers: ['developer-mike'], externalId: 'acme-ext-1' },
  ],
};

export interface StartMotoOptions {
  seed?: MotoSeed;
  /** Switch auth on after seeding (default true). */
  auth?: boolean;
  /** Extra environment for the server process. */
  env?: Record<string, string>;
}

export async function startMoto(options: StartMotoOptions = {}): Promise<Moto> {
  const { child, endpoint } = await launch(options.env ?? {});
  const moto = handle(child, endpoint);
  try {
    await seed(moto, options.seed ?? DEFAULT_SEED);
    if (options.auth ?? true) await moto.setAuth(true);
  } catch (error) {
    await moto.stop();
    throw error;
  }
  return moto;
}

function launch(extraEnv: Record<string, string>): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', '0'], {
    env: { ...process.env, MOTO_ACCOUNT_ID, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`moto did not start within 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        // Keep draining so a chatty server never blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        void waitUntilAnswering(match[1]!).then(() => resolve({ child, endpoint: match[1]! }), fail);
      }
    };
    function fail(error: Error): void {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`moto exited early (code ${code}):\n${output}`)));
  });
}

async function waitUntilAnswering(endpoint: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`moto at ${endpoint} never answered /moto-api/`);
}

function handle(child: ChildProcess, endpoint: string): Moto {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const moto: Moto = {
    endpoint,
    accountId: MOTO_ACCOUNT_ID,
    users: {},
    roles: {},
    async data() {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      return (await response.json()) as Record<string, unknown>;
    },
    async assumedRoles() {
      const data = (await moto.data()) as { sts?: { AssumedRole?: MotoAssumedRole[] } };
      return data.sts?.AssumedRole ?? [];
    },
    async assumeRoleCount() {
      return (await moto.assumedRoles()).length;
    },
    async setAuth(on) {
      // Raw text body: a form content type makes moto answer HTTP 500.
      const response = await fetch(`${endpoint}/moto-api/reset-auth`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: on ? '0' : 'inf',
      });
      if (!response.ok) throw new Error(`moto reset-auth failed: HTTP ${response.status}`);
    },
    iam: (credentials = SEED_CREDENTIALS) => new IAMClient({ endpoint, region: 'us-east-1', credentials }),
    userEnv: (user) => ({
      AWS_ENDPOINT_URL_STS: endpoint,
      AWS_ACCESS_KEY_ID: moto.users[user]!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: moto.users[user]!.secretAccessKey,
    }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
  return moto;
}

async function seed(moto: Moto, world: MotoSeed): Promise<void> {
  const iam = moto.iam();
  const arn = (kind: 'user' | 'role', name: string): string => `arn:aws:iam::${moto.accountId}:${kind}/${name}`;
  for (const user of world.users) {
    await iam.send(new CreateUserCommand({ UserName: user.name }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: user.name }));
    moto.users[user.name] = {
      name: user.name,
      arn: arn('user', user.name),
      accessKeyId: key.AccessKey!.AccessKeyId!,
      secretAccessKey: key.AccessKey!.SecretAccessKey!,
    };
    if (user.mayAssume?.length || user.statements?.length) {
      const document = {
        Version: '2012-10-17',
        Statement: [
          ...(user.mayAssume?.length
            ? [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: user.mayAssume.map((r) => arn('role', r)) }]
            : []),
          ...(user.statements ?? []),
        ],
      };
      await iam.send(
        new PutUserPolicyCommand({
          UserName: user.name,
          PolicyName: 'assume',
          PolicyDocument: JSON.stringify(document),
        }),
      );
    }
  }
  for (const role of world.roles) {
    const statement: Record<string, unknown> = {
      Effect: 'Allow',
      Principal: { AWS: role.trustedUsers.map((u) => arn('user', u)) },
      Action: 'sts:AssumeRole',
    };
    if (role.externalId) statement.Condition = { StringEquals: { 'sts:ExternalId': role.externalId } };
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: role.name,
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
        MaxSessionDuration: role.maxSessionDuration,
      }),
    );
    moto.roles[role.name] = created.Role!.Arn!;
    for (const [index, policy] of (role.policies ?? []).entries()) {
      const made = await iam.send(
        new CreatePolicyCommand({ PolicyName: `${role.name}-${index}`, PolicyDocument: JSON.stringify(policy) }),
      );
      await iam.send(new AttachRolePolicyCommand({ RoleName: role.name, PolicyArn: made.Policy!.Arn! }));
    }
  }
  iam.destroy();
}

/**
 * A test machine for setup against moto: `<dir>/home` (created) and `<dir>/acme.json`, the sample bundle
 * with the developers and admins groups pointing at moto's roles.
 */
export function writeMotoBundle(
  dir: string,
  roles: Record<string, string>,
): { dir: string; home: string; bundlePath: string } {
  const home = join(dir, 'home');
  mkdirSync(home);
  const bundle = sampleBundle();
  bundle.groups = [
    { name: 'developers', roleArn: roles.developers! },
    { name: 'admins', roleArn: roles.admins! },
  ];
  const bundlePath = join(dir, 'acme.json');
  writeFileSync(bundlePath, JSON.stringify(bundle));
  return { dir, home, bundlePath };
}
