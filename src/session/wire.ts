// The ports of the logout use case (session/logout.ts) from the composition root: the secret store,
// the role-session index, the token cache files, the setup records, the IAM Identity Center sign-out and
// the logout generation mark. Loaded when logout runs.
import type { LogoutPorts } from './logout.js';
import type { Services } from '../services/services.js';

export async function createLogoutPorts(s: Services): Promise<LogoutPorts> {
  const { paths, logger } = s;
  const [{ RoleSessionIndex }, files, { listSetupRecords }] = await Promise.all([
    import('../credentials/role-session/role-session-index.node.js'),
    import('./session-files.node.js'),
    import('../record/setup-record-list.node.js'),
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
