// startSandbox(): a local stand-in for STS and EKS (docs/sandbox.md). Starts an STS emulator, one EKS
// API server per cluster of the world and, when the world has `sso:`, IAM Identity Center (SSO OIDC + portal),
// all HTTPS with a CA made at start, on free 127.0.0.1 ports, and writes bundle.json, ca.pem and a copy of the
// world into its working directory. A bundle host serves <dir>/bundle.json over HTTPS (read at each request:
// copying bundle-v2.json over it publishes version 2, which adds the cluster `staging` and rotates the CA: old
// and new CA certificates side by side).
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../../src/kernel/ports.js';
import { sandboxBundle } from './bundle.js';
import { eksApiHandler } from './eks-api/server.js';
import { clusterHandler } from './eks/server.js';
import { iamHandler } from './iam/server.js';
import { motoIamSource } from './moto-iam.js';
import { listenHttps } from './http.js';
import type { Handler, RunningServer } from './http.js';
import { createState } from './state.js';
import type { Decision, Fault } from './state.js';
import { ssoHandler } from './sso/server.js';
import { createSsoState, type SsoCounters } from './sso/sso-state.js';
import { stsHandler } from './sts/server.js';
import { createTlsMaterial } from './tls.js';
import { DEFAULT_WORLD_URL, loadWorldFile } from './world-load.js';
import type { World } from './world-types.js';

export interface SandboxUser {
  name: string;
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
  mfaSecret?: string;
}
export interface SandboxCluster {
  name: string;
  region: string;
  endpoint: string;
  caPem: string;
}
export interface Sandbox {
  /** Working dir: bundle.json, ca.pem, world.yaml copy, sandbox.log. */
  dir: string;
  /** https://127.0.0.1:<port> (served with the sandbox CA). */
  stsEndpoint: string;
  /** The EKS control-plane API (DescribeCluster, access entries): AWS_ENDPOINT_URL_EKS. */
  eksApiEndpoint: string;
  /** The sandbox's IAM API (roles, groups, members): AWS_ENDPOINT_URL_IAM (not in env() when IAM comes from moto). */
  iamEndpoint: string;
  /** The next `times` (default 1) requests matching get `status` instead of their answer. */
  injectFault(fault: Omit<Fault, 'remaining'> & { times?: number }): void;
  /** Removes every injected fault not yet used up. */
  clearFaults(): void;
  /** PEM of the sandbox CA (for NODE_EXTRA_CA_CERTS in child processes). */
  caFile: string;
  /** bundle.json matching the world (endpoints + CA filled in). */
  bundlePath: string;
  /** https://127.0.0.1:<port>/bundle.json: the same bundle over HTTPS (served from bundlePath at each request). */
  bundleUrl: string;
  /** Version 2 of the bundle (not published): a new cluster `staging` and a rotated CA (old + new certificate). */
  bundleV2Path: string;
  clusters: SandboxCluster[];
  /** By IAM user name, e.g. users['developer-mike']. */
  users: Record<string, SandboxUser>;
  stats(): { assumeRole: number; getCallerIdentity: number; tokenReviews: number };
  decisions: Decision[];
  /** IAM Identity Center (SSO OIDC + access portal) when the world has `sso:`; https://127.0.0.1:<port>. */
  ssoEndpoint?: string;
  /** Calls the IAM Identity Center emulator answered (all zero without `sso:`). */
  ssoStats(): SsoCounters;
  /** Ends every issued IAM Identity Center access token now (refresh tokens stay valid), as time would. */
  expireSsoAccessTokens(): void;
  /** Env for child eks-login/kubectl processes: AWS_ENDPOINT_URL_STS, NODE_EXTRA_CA_CERTS, ... */
  env(): Record<string, string>;
  /** The world as loaded (keys generated, ARNs filled in). */
  world: World;
  stop(): Promise<void>;
}

export interface SandboxOptions {
  /** Path of a world YAML file; default: the article's world shipped with the package. */
  world?: string;
  /** Working directory; default: a fresh temporary directory, removed by stop(). */
  dir?: string;
  /** Receives one line per authentication decision and per server error. */
  log?: (line: string) => void;
  /** Time as the emulators see it (token and credential expiry, TOTP); default: the system clock. */
  clock?: Clock;
  /** Read IAM (users, keys, groups, roles, policies) live from this moto server instead of the world file alone. */
  iamFromMoto?: string;
  /** Fault injection for tests: awaited before STS answers an action (a slow or stuck AssumeRole). */
  beforeSts?: (action: string) => Promise<void>;
}

export type { Decision } from './state.js';
export type { World } from './world-types.js';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const worldPath = options.world ? resolve(options.world) : fileURLToPath(DEFAULT_WORLD_URL);
  const { world, text } = loadWorldFile(worldPath);
  const clock = options.clock ?? { now: () => new Date() };
  const ownDir = options.dir === undefined;
  const dir = options.dir ? resolve(options.dir) : await mkdtemp(join(tmpdir(), 'eks-login-sandbox-'));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const logLines: string[] = [];
  const log = (line: string): void => {
    logLines.push(line);
    options.log?.(line);
  };
  const state = createState(world, clock, log);
  if (options.iamFromMoto) {
    state.refreshIam = motoIamSource(options.iamFromMoto, world, log);
    await state.refreshIam();
  }
  const tls = await createTlsMaterial(clock.now());
  const onError = (error: unknown): void => log(`sandbox error: ${(error as Error)?.stack ?? String(error)}`);

  const servers: RunningServer[] = [];
  // A process that exits without stop() still leaves no temporary directory behind.
  const removeOnExit = (): void => rmSync(dir, { recursive: true, force: true });
  if (ownDir) process.once('exit', removeOnExit);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', removeOnExit);
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await writeFile(join(dir, 'sandbox.log'), logLines.join('\n') + '\n').catch(() => undefined);
    if (ownDir) await rm(dir, { recursive: true, force: true });
  };
  try {
    const sts = await listenHttps(tls, stsHandler(state, options.beforeSts), onError);
    servers.push(sts);
    const clusters: SandboxCluster[] = [];
    for (const cluster of world.clusters) {
      let host = '';
      const server = await listenHttps(
        tls,
        clusterHandler(state, { cluster, stsHost: sts.host, caPem: tls.caPem, serverHost: () => host }),
        onError,
      );
      host = server.host;
      servers.push(server);
      clusters.push({ name: cluster.name, region: cluster.region, endpoint: server.url, caPem: tls.caPem });
    }
    const eksApi = await listenHttps(
      tls,
      eksApiHandler(
        state,
        world.clusters.map((cluster, i) => ({ cluster, endpoint: clusters[i]!.endpoint, caPem: tls.caPem })),
      ),
      onError,
    );
    servers.push(eksApi);
    const iam = await listenHttps(tls, iamHandler(state), onError);
    servers.push(iam);
    const ssoState = createSsoState();
    let ssoEndpoint: string | undefined;
    if (world.sso) {
      const sso = await listenHttps(tls, ssoHandler(state, world.sso, ssoState), onError);
      servers.push(sso);
      ssoEndpoint = sso.url;
    }
    const caFile = join(dir, 'ca.pem');
    const bundlePath = join(dir, 'bundle.json');
    const bundleV2Path = join(dir, 'bundle-v2.json');
    const bundle = sandboxBundle(world, new Map(clusters.map((c) => [c.name, c.endpoint])), tls.caPem);
    await writeFile(caFile, tls.caPem, { mode: 0o644 });
    await writeFile(bundlePath, JSON.stringify(bundle, null, 2) + '\n', { mode: 0o644 });
    // Version 2: the first cluster's twin `staging` (its own API server, same users and RBAC) and the CA
    // rotated the safe way (the new CA next to the old one until the servers switch).
    const staging = { ...world.clusters[0]!, name: 'staging' };
    delete staging.clusterId;
    let stagingHost = '';
    const stagingServer = await listenHttps(
      tls,
      clusterHandler(state, { cluster: staging, stsHost: sts.host, caPem: tls.caPem, serverHost: () => stagingHost }),
      onError,
    );
    stagingHost = stagingServer.host;
    servers.push(stagingServer);
    const rotated = `${tls.caPem.trim()}\n${(await createTlsMaterial(clock.now())).caPem.trim()}\n`;
    const v2 = sandboxBundle(
      { ...world, clusters: [...world.clusters, staging] },
      new Map([...clusters.map((c) => [c.name, c.endpoint] as const), ['staging', stagingServer.url]]),
      rotated,
    );
    await writeFile(bundleV2Path, JSON.stringify(v2, null, 2) + '\n', { mode: 0o644 });
    const bundleHost = await listenHttps(tls, bundleHandler(dir), onError);
    servers.push(bundleHost);
    await writeFile(join(dir, 'world.yaml'), text, { mode: 0o600 });
    const env = {
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_ENDPOINT_URL_EKS: eksApi.url,
      ...(options.iamFromMoto ? {} : { AWS_ENDPOINT_URL_IAM: iam.url }),
      NODE_EXTRA_CA_CERTS: caFile,
      AWS_REGION: world.clusters[0]!.region,
      AWS_EC2_METADATA_DISABLED: 'true',
      ...(ssoEndpoint ? { AWS_ENDPOINT_URL_SSO_OIDC: ssoEndpoint, AWS_ENDPOINT_URL_SSO: ssoEndpoint } : {}),
    };
    await writeFile(join(dir, 'sandbox.env'), exports(env), { mode: 0o644 });
    await mkdir(join(dir, 'users'), { recursive: true, mode: 0o700 });
    const users: Record<string, SandboxUser> = {};
    for (const u of world.users) {
      const key = u.accessKeys.find((k) => k.status === 'Active') ?? u.accessKeys[0]!;
      users[u.name] = {
        name: u.name,
        arn: u.arn,
        accessKeyId: key.id,
        secretAccessKey: key.secret,
        ...(u.mfaSecret ? { mfaSecret: u.mfaSecret } : {}),
      };
      await writeFile(
        userEnvFile(dir, u.name),
        exports({ AWS_ACCESS_KEY_ID: key.id, AWS_SECRET_ACCESS_KEY: key.secret }),
        { mode: 0o600 },
      );
    }
    return {
      dir,
      stsEndpoint: sts.url,
      eksApiEndpoint: eksApi.url,
      iamEndpoint: iam.url,
      injectFault: ({ times, ...fault }) => void state.faults.push({ ...fault, remaining: times ?? 1 }),
      clearFaults: () => void state.faults.splice(0),
      caFile,
      bundlePath,
      bundleUrl: `${bundleHost.url}/bundle.json`,
      bundleV2Path,
      clusters,
      users,
      world,
      decisions: state.decisions,
      stats: () => ({ ...state.counters }),
      ...(ssoEndpoint ? { ssoEndpoint } : {}),
      ssoStats: () => ({ ...ssoState.counters }),
      expireSsoAccessTokens: () => {
        for (const token of ssoState.accessTokens.values()) token.expiresAt = clock.now();
      },
      env: () => ({ ...env }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The bundle host: GET /bundle.json or /bundle-v2.json answers that file of the sandbox directory, as it is now. */
function bundleHandler(dir: string): Handler {
  return async (req, res) => {
    const name = new URL(req.url ?? '/', 'https://x').pathname.slice(1);
    if (req.method !== 'GET' || !['bundle.json', 'bundle-v2.json'].includes(name)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const body = await readFile(join(dir, name));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  };
}

/** `<dir>/users/<name>.env` (0600): `export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…` for that user. */
export function userEnvFile(dir: string, user: string): string {
  return join(dir, 'users', `${user}.env`);
}

function exports(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'\n`)
    .join('');
}

// What `eks-login sandbox` needs besides startSandbox: it loads the sandbox's build as one module.
export { usageText, type UsageInput } from './usage.js';
export { WorldError } from './world-error.js';
