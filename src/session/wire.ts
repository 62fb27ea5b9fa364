// session's composition: the targets of `login`/`logout` (--all → every setup record; else a context, default
// the current one, whose user's exec args name the bundle and group), the ports of the logout use case
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
import type { LogoutPorts } from './logout.js';
import { renderRemovedContexts } from './render-removed-contexts.js';
import { targetOfContext, targetsOfRecord, type SessionTarget } from './targets.js';

export interface TargetSelection {
  context?: string | undefined;
  all?: boolean | undefined;
  kubeconfig?: string | undefined;
}

export async function resolveTargets(selection: TargetSelection, s: Services): Promise<SessionTarget[]> {
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

export async function createLogoutPorts(s: Services): Promise<LogoutPorts> {
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
export async function removeSetupContexts(
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
