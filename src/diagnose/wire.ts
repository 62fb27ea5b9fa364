// diagnose's composition: the context whoami and doctor look at (the kubeconfig files with kubectl's first-wins
// merge, the CA a cluster names, the `eks-login token` flags in the exec args read with the warm path's own
// reader; the target itself is built by diagnose/context-target.ts), the token minted exactly as kubectl's exec
// would (the exec args parsed into token flags, the exec env on top of ours, KUBERNETES_EXEC_INFO as kubectl
// sets it, then the token use case), and the ports of whoami (STS's replay, the cluster's API at the context's
// endpoint) and of doctor (the setup record, the secret store, the signing source, STS and the cluster).
import { getToken } from '../token/get-token.js';
import type { TokenFlags } from '../token/token-request.js';
import type { MintedToken } from './whoami/whoami.js';
import { clusterFromExecArgs } from './exec-args.js';
import { execEnvironment as coreExecEnvironment } from './exec-environment.js';
import { inspectToken, type TokenInspection } from './token-inspect/inspect-token.js';
import { findGroup } from '../credentials/group-role-request.js';
import { identityNameFromArn } from '../credentials/role-session/policy.js';
import { bindsSourceIdentity } from '../credentials/role-session/session-binding.js';
import type { SetupRecord } from '../record/setup-record.js';
import { ConfigError, type ExitCodeValue } from '../kernel/errors.js';
import type { Services } from '../services/services.js';
import { prepareToken } from '../token/wire.js';
import { doctorTargetOf, userOwnerOf } from './context-target.js';
import type { DoctorTarget } from '../record/doctor-target.js';
import { eksLoginArgsOf } from '../kubeconfig/exec-launcher.js';
import { resolveContext, type ExecConfig, type ResolvedContext } from '../kubeconfig/resolve-context.js';
import { readKubeconfigs } from '../kubeconfig/update.js';
import { readAdoptRecord } from '../adopt/adopt-record-file.node.js';
import { EMPTY_ADOPT_RECORD, sameUser } from '../adopt/record.js';
import { readTokenArgv } from '../token/token-argv.js';
import { whoami, whoamiExitCode, type WhoamiDeps, type WhoamiInput, type WhoamiReport } from './whoami/whoami.js';
import { endpointOf } from './context-target.js';
import { findExecutable } from '../infra/exec/find-executable.js';
import { readSetupRecord } from '../record/setup-record-file.node.js';
import type { DoctorDeps } from './doctor/doctor-deps.js';
import { doctorExitCode, type DoctorReport } from './doctor/check.js';
import { runDoctor } from './doctor/run-doctor.js';
import { resolveSigningCredentials } from '../credentials/resolve-signing-credentials.js';
import { stsTargetOf } from '../aws/sts-endpoint.js';
import { readClusterCa } from '../kubeconfig/ca-file.node.js';

export interface ContextTarget {
  resolved: ResolvedContext;
  target: DoctorTarget;
  exec?: ExecConfig;
  /** The flags `eks-login token` gets from this context's exec args; undefined for other plugins. */
  tokenFlags?: TokenFlags;
}

export async function loadContextTarget(
  s: Services,
  options: { context?: string | undefined; namespace?: string | undefined },
): Promise<ContextTarget> {
  const files = await readKubeconfigs(await s.kubeconfigStore(), s.kubeconfigLocation());
  const resolved = resolveContext(files, options.context);
  const owner = userOwnerOf(files, resolved.user);
  const exec = resolved.user.exec;
  const eksLoginArgs = exec ? eksLoginArgsOf(exec) : undefined;
  const tokenFlags = eksLoginArgs ? readTokenArgv(eksLoginArgs) : undefined;
  const caPem = await readClusterCa(resolved.cluster);
  const adopted = tokenFlags
    ? (await readAdoptRecord(s.paths.configDir).catch(() => EMPTY_ADOPT_RECORD)).users.find((u) =>
        sameUser(u, { kubeconfig: resolved.user.file, user: resolved.user.name }),
      )
    : undefined;
  const target = doctorTargetOf(resolved, {
    namespace: options.namespace,
    caPem,
    owner,
    tokenFlags,
    adoptedFrom: adopted?.tool,
  });
  return { resolved, target, ...(exec ? { exec } : {}), ...(tokenFlags ? { tokenFlags } : {}) };
}

/** The environment kubectl gives the plugin for this context (diagnose/exec-environment.ts). */
function execEnvironment(target: ContextTarget, ctx: Services): Record<string, string | undefined> {
  return coreExecEnvironment(ctx.env, target.exec, target.resolved.cluster, ctx.isInteractiveTerminal);
}

/** `signIn`: whether an IAM Identity Center sign-in may start (admin --kube-context); whoami and doctor never start one. */
export async function mintForContext(
  target: ContextTarget,
  ctx: Services,
  options: { signIn: boolean } = { signIn: false },
): Promise<MintedToken> {
  const flags = target.tokenFlags;
  if (!flags) return mintWithForeignPlugin(target, ctx);
  const plugin = ctx.with({ env: execEnvironment(target, ctx) });
  const { request, deps } = await prepareToken(flags, plugin, undefined, { signIn: options.signIn });
  const result = await getToken(request, deps);
  const sessionExpiresAt =
    result.signingExpiration ??
    (request.roleArn ? await indexedSessionExpiry(plugin, request.roleArn, flags, ctx.clock.now()) : undefined);
  const source = request.record?.source;
  const sourceArn = source?.kind === 'keychain' ? source.userArn : source?.arn;
  const sourceIdentity = result.signingSourceIdentity
    ? { name: result.signingSourceIdentity, from: 'sts' as const }
    : sentSourceIdentity(request.record, request.roleArn, flags.group);
  return {
    token: result.token,
    expiration: result.expiration,
    fromCache: result.fromCache,
    clusterName: flags.cluster,
    clusterId: request.clusterId,
    region: request.region,
    ...(request.roleArn ? { roleArn: request.roleArn } : {}),
    ...(sourceArn ? { sourceArn } : {}),
    ...(sourceIdentity ? { sourceIdentity } : {}),
    ...(sessionExpiresAt ? { sessionExpiresAt } : {}),
    ...(flags.group ? { group: flags.group } : {}),
    ...(request.source.source.kind === 'sso'
      ? { ssoSignIn: await ssoSignInLine(plugin, request.source.source.sso.startUrl) }
      : {}),
  };
}

/** On a token-cache hit: the IAM user name eks-login sends as SourceIdentity for a bound group, when the record knows it. */
function sentSourceIdentity(
  record: SetupRecord | undefined,
  roleArn: string | undefined,
  group: string | undefined,
): { name: string; from: 'sent' } | undefined {
  if (!roleArn || !bindsSourceIdentity(findGroup(record, roleArn, group))) return undefined;
  const source = record?.source;
  const name =
    source?.kind === 'keychain'
      ? source.userName
      : source?.arn && /:iam::\d{12}:user\//.test(source.arn)
        ? identityNameFromArn(source.arn)
        : undefined;
  return name ? { name, from: 'sent' } : undefined;
}

/** "signed in to <start URL> until <time> (refresh available)", or why there is no usable sign-in. */
async function ssoSignInLine(s: Services, startUrl: string): Promise<string> {
  const now = s.clock.now();
  const [{ ssoStatusLine }, { canRefresh }] = await Promise.all([
    import('../credentials/sso/status.js'),
    import('../credentials/sso/token-file.js'),
  ]);
  const cache = await s.ssoTokens();
  const token = await cache.read(startUrl);
  if (!token) return `not signed in to ${startUrl} (no ${cache.pathOf(startUrl)}): run eks-login login`;
  const refreshable = canRefresh(token, now);
  if (token.expiresAt.getTime() <= now.getTime() && !refreshable)
    return `the sign-in to ${startUrl} expired at ${token.expiresAt.toISOString()} and cannot be refreshed: run eks-login login`;
  return ssoStatusLine({ startUrl, expiresAt: token.expiresAt, refreshable });
}

/** On a token-cache hit the use case does not see the role session; the session index still knows its expiry. */
async function indexedSessionExpiry(
  s: Services,
  roleArn: string,
  flags: TokenFlags,
  now: Date,
): Promise<Date | undefined> {
  const { RoleSessionIndex } = await import('../credentials/role-session/role-session-index.node.js');
  const sessions = await new RoleSessionIndex(s.paths.cacheDir).list();
  const expiries = sessions
    .filter(
      (e) =>
        e.roleArn === roleArn &&
        (!flags.bundle || e.bundle === flags.bundle) &&
        (!flags.group || e.group === flags.group),
    )
    .map((e) => new Date(e.expiration))
    .filter((d) => d.getTime() > now.getTime());
  return expiries.length ? new Date(Math.max(...expiries.map((d) => d.getTime()))) : undefined;
}

/** Another exec plugin (aws eks get-token, aws-iam-authenticator): run it exactly as kubectl would. */
async function mintWithForeignPlugin(target: ContextTarget, ctx: Services): Promise<MintedToken> {
  const exec = target.exec;
  if (!exec) {
    throw new ConfigError(`the user of context ${target.resolved.name} has no exec credential plugin`, {
      code: 'CONTEXT_NOT_EKS_LOGIN',
      hint: 'pick an EKS context with --context, or run `eks-login setup <bundle.json>`',
    });
  }
  const env = execEnvironment(target, ctx);
  const { runExecPlugin } = await import('../infra/exec/exec-plugin.js');
  const run = await runExecPlugin({
    command: exec.command,
    args: exec.args,
    env,
    interactive: exec.interactiveMode !== 'Never' && ctx.isInteractiveTerminal,
    kubeconfigFile: target.resolved.user.file,
    stderr: ctx.stderr,
    signal: ctx.signal(),
  });
  const cluster = clusterFromExecArgs(exec.args);
  const inspection = inspectToken(run.token, ctx.clock.now());
  return {
    token: run.token,
    expiration: run.expiration ?? new Date(inspection.validUntil),
    fromCache: false,
    clusterName: cluster.clusterName ?? target.resolved.cluster.name,
    clusterId: cluster.clusterId ?? '',
    region: cluster.region ?? inspection.signingRegion,
  };
}

async function prepareWhoami(
  ctx: Services,
  options: { context?: string | undefined; namespace?: string | undefined },
): Promise<{ input: WhoamiInput; deps: WhoamiDeps }> {
  const target = await loadContextTarget(ctx, options);
  const { target: t } = target;
  const endpoint = endpointOf(t.cluster);
  return {
    input: {
      context: t.context,
      namespace: t.namespace,
      cluster: { name: t.cluster.name, server: t.cluster.server },
      ...(t.adoptedFrom ? { adoptedFrom: t.adoptedFrom } : {}),
    },
    deps: {
      clock: ctx.clock,
      mint: () => mintForContext(target, ctx),
      kubeApi: (token) => ctx.kubeApi(endpoint, { token }),
      stsProbe: ctx.stsProbe(ctx.awsHttpForProfile()),
    },
  };
}

function createDoctorDeps(
  ctx: Services,
  options: { context?: string | undefined; namespace?: string | undefined },
): DoctorDeps {
  let loaded: ContextTarget | undefined;
  const plugin = () => (loaded ? ctx.with({ env: execEnvironment(loaded, ctx) }) : ctx);
  return {
    clock: ctx.clock,
    load: async () => {
      loaded = await loadContextTarget(ctx, options);
      return loaded.target;
    },
    findExecutable: (command, file) => findExecutable(command, file, ctx.env.PATH),
    record: async (bundle) => readSetupRecord(ctx.paths.setupsDir, bundle),
    secretStore: () => ctx.secretStore(),
    signing: async () => {
      if (!loaded?.tokenFlags)
        throw new ConfigError('the context does not run eks-login token', {
          hint: 'pick an eks-login context with --context',
        });
      const s = plugin();
      // Diagnosis never starts a sign-in (it reports a missing one with the login command).
      const { request, deps } = await prepareToken(loaded.tokenFlags, s, undefined, { signIn: false });
      const { source } = request.source;
      // An sso group: say how the IAM Identity Center sign-in stands ("signed in to … until … (refresh available)").
      const sso =
        source.kind === 'sso' ? `IAM Identity Center: ${await ssoSignInLine(s, source.sso.startUrl)}` : undefined;
      return {
        sts: stsTargetOf(request.endpoint),
        source: sso ?? request.source.reason,
        // The token use case's own credential resolution, without the role: the source identity.
        credentials: async () => (await resolveSigningCredentials(request.source, undefined, deps)).credentials,
      };
    },
    sts: () => {
      const s = plugin();
      return s.stsGateway(s.awsHttpForProfile());
    },
    stsProbe: ctx.stsProbe(ctx.awsHttpForProfile()),
    mint: () => mintForContext(loaded!, ctx),
    kubeApi: (endpoint, token) => ctx.kubeApi(endpoint, token ? { token } : {}),
  };
}

/** `eks-login doctor`: the report, and the exit code of its first failed step (0 when none failed). */
export async function doctorReport(
  ctx: Services,
  options: { context?: string | undefined; namespace?: string | undefined },
): Promise<{ report: DoctorReport; code: ExitCodeValue }> {
  const report = await runDoctor(createDoctorDeps(ctx, options));
  return { report, code: doctorExitCode(report) };
}

/** `eks-login whoami`: the report, and its exit code (0 when STS and the cluster both answered who). */
export async function whoamiReport(
  ctx: Services,
  options: { context?: string | undefined; namespace?: string | undefined },
): Promise<{ report: WhoamiReport; code: ExitCodeValue }> {
  const { input, deps } = await prepareWhoami(ctx, options);
  const report = await whoami(input, deps);
  return { report, code: whoamiExitCode(report) };
}

/** `eks-login token --decode`: what a token holds, offline (diagnose/token-inspect/inspect-token.ts). */
export function decodeToken(token: string, now: Date): TokenInspection {
  return inspectToken(token, now);
}
