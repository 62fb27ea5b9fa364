// session's composition: login's and logout's one calls (logIn, logOut), the targets of `login`/`logout`
// (--all → every setup record; else a context, default the current one, whose user's exec args name the bundle
// and group), the ports of the logout use case
// (session/logout.ts: the secret store, the role-session index, the token cache files, the setup records, the
// IAM Identity Center sign-out and the logout generation mark, loaded when logout runs), and
// `logout --remove-contexts`: the kubeconfig entries setup wrote removed from the files of the setup records
// and of the current kubeconfig location, and for a context's group the group forgotten by its setup record
// (session/forget-groups.ts decides what changes).
import { ConfigError } from '../kernel/errors.js';
import { removeSetupEntries } from '../kubeconfig/remove-setup-entries.js';
import type { SetupRecord } from '../record/setup-record.js';
import { readSetupRecord } from '../record/setup-record-file.node.js';
import { listSetupRecords } from '../record/setup-record-list.node.js';
import type { Services } from '../services/services.js';
import { recordWriter } from '../setup/wire.js';
import { recordWithoutGroups } from './forget-groups.js';
import { logout, type LogoutDeps } from './logout.js';
import type { Outcome, Write } from '../kernel/write.js';
import { canPrompt } from '../credentials/role-session/can-prompt.js';
import { ssoSignIn } from '../credentials/wire.js';
import { createTokenDeps } from '../token/wire.js';
import { login } from './login.js';
import { renderLogin } from './render-login.js';
import { renderLogout } from './render-logout.js';
import { renderRemovedContexts } from './render-removed-contexts.js';
import { targetOfContext, targetsOfRecord, type SessionTarget } from './targets.js';

interface TargetSelection {
  context?: string | undefined;
  all?: boolean | undefined;
  kubeconfig?: string | undefined;
}

async function resolveTargets(selection: TargetSelection, s: Services): Promise<SessionTarget[]> {
  const { paths } = s;
  if (selection.all) {
    const records = await listSetupRecords(paths.setupsDir);
    if (records.length === 0) {
      throw new ConfigError(`no bundle has been set up yet (no setup records in ${paths.setupsDir})`, {
        code: 'NO_SETUP',
        hint: 'run `eks-login setup <bundle.json>` first',
      });
    }
    return records.flatMap((record) => targetsOfRecord(record));
  }
  const [{ loadContext }, store] = await Promise.all([import('../kubeconfig/load-context.js'), s.kubeconfigStore()]);
  const context = await loadContext(store, s.kubeconfigLocation(selection.kubeconfig), selection.context);
  return [targetOfContext(context.name, context.user.exec?.args, (bundle) => readSetupRecord(paths.setupsDir, bundle))];
}

async function createLogoutDeps(s: Services): Promise<LogoutDeps> {
  const { paths, logger } = s;
  const [{ RoleSessionIndex }, files] = await Promise.all([
    import('../credentials/role-session/role-session-index.node.js'),
    import('./session-files.node.js'),
  ]);
  const index = new RoleSessionIndex(paths.cacheDir);
  return {
    store: () => s.secretStore(),
    roleSessions: { list: () => index.list(), remove: (accounts) => index.remove(accounts) },
    tokens: { list: () => files.listTokenCacheFiles(paths.cacheDir), remove: files.removeFile },
    setupBundles: async () =>
      (await listSetupRecords(paths.setupsDir)).filter((r) => r.source.kind === 'keychain').map((r) => r.bundle.name),
    setupSsoGroups: async () =>
      (await listSetupRecords(paths.setupsDir)).flatMap((r) => r.bundle.groups.flatMap((g) => (g.sso ? [g.sso] : []))),
    ssoSignOut: async (sso) => {
      const { signOut } = await import('../credentials/sso/sign-out.js');
      return signOut(sso, { tokens: await s.ssoTokens(), portal: (region) => s.ssoPortal(region), logger });
    },
    beginLogout: async () => {
      const { bumpLogoutGeneration } = await import('../token/cache/logout-generation.node.js');
      await bumpLogoutGeneration(paths.cacheDir).catch((error: unknown) =>
        logger.warn(
          `cannot mark the logout in ${paths.cacheDir} (${(error as Error).message}); a token call running right now may still cache what it fetches`,
        ),
      );
    },
    scrubTemps: async () => {
      const { scrubOrphanTemps } = await import('../infra/fs/atomic-file.js');
      let removed = 0;
      for (const dir of [paths.configDir, paths.setupsDir, paths.cacheDir, `${paths.cacheDir}/locks`])
        removed += await scrubOrphanTemps(dir, { legacy: true });
      return removed;
    },
  };
}

/** `targets` undefined: every bundle's entries (`logout --all`). One line per changed file or record for the person. */
async function removeSetupContexts(
  ctx: Services,
  targets: SessionTarget[] | undefined,
  kubeconfig: string | undefined,
): Promise<string[]> {
  const records = await listSetupRecords(ctx.paths.setupsDir);
  const groups = targets?.map((t) => ({ bundle: t.record.bundle.name, group: t.group.name }));
  const files = [...records.map((r) => r.kubeconfigPath), ...ctx.kubeconfigLocation(kubeconfig).paths];
  const results = await removeSetupEntries(
    await ctx.kubeconfigStore((m) => ctx.logger.warn(m)),
    files,
    (mark) => !groups || groups.some((g) => g.bundle === mark.bundle && g.group === mark.group),
  );
  const lines = renderRemovedContexts(results);
  return targets ? [...lines, ...(await forgetGroups(ctx.paths.setupsDir, targets, recordWriter(ctx)))] : lines;
}

/** One line per record changed. */
async function forgetGroups(
  setupsDir: string,
  targets: readonly SessionTarget[],
  writeRecord: (record: SetupRecord) => Promise<string>,
): Promise<string[]> {
  const lines: string[] = [];
  for (const bundle of new Set(targets.map((t) => t.record.bundle.name))) {
    const record = readSetupRecord(setupsDir, bundle);
    const changed = record ? recordWithoutGroups(record, targets) : undefined;
    if (!changed) continue;
    await writeRecord(changed.record);
    lines.push(changed.line);
  }
  return lines;
}

export interface LogInInput {
  context?: string | undefined;
  all?: boolean | undefined;
  force?: boolean | undefined;
  kubeconfig?: string | undefined;
  signIn: { flow: 'device' | 'pkce'; openBrowser: boolean };
}

/**
 * `eks-login login`'s one call: the targets (a context, the current one, or every bundle group), then the role
 * sessions with the token path's signing ports; a person is at the terminal, so sign-ins and MFA may ask.
 */
export async function logIn(ctx: Services, input: LogInInput): Promise<Write[]> {
  const targets = await resolveTargets({ context: input.context, all: input.all, kubeconfig: input.kubeconfig }, ctx);
  const prompt = canPrompt({
    underKubectl: false,
    execInteractive: false,
    stdinIsTTY: ctx.isInteractiveTerminal,
    stderrIsTTY: ctx.isInteractiveTerminal,
  });
  const results = await login(targets, Boolean(input.force), {
    env: ctx.env,
    logger: ctx.logger,
    ssoSignIn: (source) => ssoSignIn(ctx, input.signIn, source),
    signingDeps: (region) =>
      createTokenDeps(ctx, { region, http: ctx.awsHttpForProfile(), canPrompt: prompt, ssoSignIn: input.signIn }),
    profileSts: (profile) => ctx.profileSts(profile),
  });
  return renderLogin(results);
}

export interface LogOutInput {
  context?: string | undefined;
  all?: boolean | undefined;
  kubeconfig?: string | undefined;
  forgetKeys?: boolean | undefined;
  removeContexts?: boolean | undefined;
}

/** `eks-login logout`'s one call: the sessions (and keys) forgotten, then with --remove-contexts the setup's contexts. */
export async function logOut(ctx: Services, input: LogOutInput): Promise<Outcome> {
  const targets = input.all
    ? undefined
    : await resolveTargets({ context: input.context, kubeconfig: input.kubeconfig }, ctx);
  const result = await logout(targets, Boolean(input.forgetKeys), await createLogoutDeps(ctx));
  const writes: Write[] = [{ to: 'stdout', text: renderLogout(targets, result, Boolean(input.forgetKeys)) }];
  if (!input.removeContexts) return { writes };
  try {
    for (const line of await removeSetupContexts(ctx, targets, input.kubeconfig))
      writes.push({ to: 'stdout', text: `${line}\n` });
    return { writes };
  } catch (error) {
    return { writes, failure: error };
  }
}
