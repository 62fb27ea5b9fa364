// The token of a context, minted exactly as kubectl's exec would: the exec args parsed into token flags, the exec
// env on top of ours (KUBERNETES_EXEC_INFO as kubectl sets it), then the token use case; another plugin (aws eks
// get-token, aws-iam-authenticator) is run as kubectl runs it. What whoami and doctor say about the signer comes
// with it (the role session's expiry, the source identity, the IAM Identity Center sign-in).
import { getToken } from '../token/get-token.js';
import type { TokenFlags } from '../token/token-request.js';
import type { MintedToken } from './whoami/whoami.js';
import { clusterFromExecArgs } from './exec-args.js';
import { inspectToken } from './token-inspect/inspect-token.js';
import { findGroup } from '../credentials/group-role-request.js';
import { identityNameFromArn } from '../credentials/role-session/policy.js';
import { bindsSourceIdentity } from '../credentials/role-session/session-binding.js';
import type { SetupRecord } from '../record/setup-record.js';
import { ConfigError } from '../kernel/errors.js';
import type { Services } from '../services/services.js';
import { prepareToken } from '../token/wire.js';
import { execEnvironment, type ContextTarget } from './load-context-target.node.js';

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
export async function ssoSignInLine(s: Services, startUrl: string): Promise<string> {
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
