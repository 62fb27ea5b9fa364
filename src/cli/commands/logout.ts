// `eks-login logout [--context C | --all] [--forget-keys] [--remove-contexts]`: removes cached role sessions
// and tokens (with --forget-keys the stored access key, with --remove-contexts the kubeconfig entries setup
// wrote). Thin: targets → core logout → summary.
import { homeDir } from '../../adapters/home-dir.js';
import { resolvePaths } from '../../core/paths.js';
import { logout } from '../../core/session/logout.js';
import { defineCommand } from '../command.js';
import { createCredentialServices } from '../credential-services.js';
import { resolveTargets } from '../session/resolve-targets.js';

interface LogoutArgs {
  context?: string;
  all?: boolean;
  forgetKeys?: boolean;
  kubeconfig?: string;
  removeContexts?: boolean;
}

export const logoutCommand = defineCommand<LogoutArgs>({
  command: 'logout',
  describe: 'Remove cached role sessions and tokens (--forget-keys: also the stored access key)',
  builder: (y) =>
    y
      .option('context', { type: 'string', describe: "Log out of this context's bundle group (default: the current context)" })
      .option('all', { type: 'boolean', describe: 'Remove every cached role session and token' })
      .option('forget-keys', { type: 'boolean', describe: 'Also delete the access key setup stored (keychain or file) and sign out of IAM Identity Center for sso groups' })
      .option('kubeconfig', { type: 'string', describe: 'kubeconfig file to read the context from (default: KUBECONFIG, else ~/.kube/config)' })
      .option('remove-contexts', {
        type: 'boolean',
        describe: "Also remove the kubeconfig clusters, users and contexts setup wrote (the context's group; with --all every bundle's)",
      })
      .conflicts('all', 'context')
      .example('$0 logout --context developers@demo', 'Forget the developers role session and its cached tokens')
      .example('$0 logout --context admins@demo --remove-contexts', 'Leave the admins group: remove its contexts (other groups stay)')
      .example('$0 logout --all --forget-keys', 'Forget every session, token and stored access key')
      .example('$0 logout --all --forget-keys --remove-contexts', 'Undo setup completely: also remove its kubeconfig entries'),
  handler: async (args, ctx) => {
    const paths = resolvePaths(ctx.env, homeDir);
    const targets = args.all ? undefined : await resolveTargets({ context: args.context, kubeconfig: args.kubeconfig }, ctx.env, paths);
    const credentials = createCredentialServices({ env: ctx.env, clock: ctx.clock, logger: ctx.logger, canPrompt: false, paths });
    const [{ RoleSessionIndex }, files] = await Promise.all([import('../../adapters/role-session-index.js'), import('../../adapters/session-files.js')]);
    const index = new RoleSessionIndex(paths.cacheDir);
    const result = await logout(targets, Boolean(args.forgetKeys), {
      store: credentials.secretStore,
      roleSessions: { list: () => index.list(), remove: (accounts) => index.remove(accounts) },
      tokens: { list: () => files.listTokenCacheFiles(paths.cacheDir), remove: files.removeFile },
      setupBundles: async () => (await files.listSetupRecords(paths.setupsDir)).map((r) => r.bundle.name),
      setupSsoGroups: async () => (await files.listSetupRecords(paths.setupsDir)).flatMap((r) => r.bundle.groups.flatMap((g) => (g.sso ? [g.sso] : []))),
      ssoSignOut: async (sso) => {
        const [{ signOut }, { ssoTokenCache, ssoPortalClient }] = await Promise.all([import('../../core/sso/sign-out.js'), import('../sso-services.js')]);
        return signOut(sso, { tokens: await ssoTokenCache(ctx.env), portal: (region) => ssoPortalClient(region, ctx.env, ctx.logger), logger: ctx.logger });
      },
      beginLogout: async () => {
        const { bumpLogoutGeneration } = await import('../../adapters/logout-generation.js');
        await bumpLogoutGeneration(paths.cacheDir).catch((error: unknown) => ctx.logger.warn(`cannot mark the logout in ${paths.cacheDir} (${(error as Error).message}); a token call running right now may still cache what it fetches`));
      },
      scrubTemps: async () => {
        const { scrubOrphanTemps } = await import('../../adapters/atomic-file.js');
        let removed = 0;
        for (const dir of [paths.configDir, paths.setupsDir, paths.cacheDir, `${paths.cacheDir}/locks`]) removed += await scrubOrphanTemps(dir, { legacy: true });
        return removed;
      },
    });
    const scope = targets ? targets.map((t) => `${t.record.bundle.name}/${t.group.name}`).join(', ') : 'everything';
    const keys = result.forgottenKeys.length ? `, the access key of ${result.forgottenKeys.join(', ')}` : args.forgetKeys ? ', no stored access key found' : '';
    const temps = result.tempFiles ? `, ${result.tempFiles} leftover temp file(s) of an interrupted write` : args.forgetKeys ? ', no leftover temp files' : '';
    const sso = result.signedOut ? `; signed out of IAM Identity Center at ${result.signedOut.join(', ')}` : '';
    ctx.stdout.write(`logged out (${scope}): removed ${result.roleSessions} role session(s), ${result.tokens} cached token(s)${keys}${temps}${sso}\n`);
    if (args.removeContexts) {
      const { removeSetupContexts } = await import('../setup/remove-contexts.js');
      const records = await files.listSetupRecords(paths.setupsDir);
      const groups = targets?.map((t) => ({ bundle: t.record.bundle.name, group: t.group.name }));
      const lines = await removeSetupContexts(ctx, { ...(groups ? { groups } : {}), kubeconfig: args.kubeconfig, recordedKubeconfigs: records.map((r) => r.kubeconfigPath) });
      for (const line of lines) ctx.stdout.write(`${line}\n`);
      if (targets) {
        const { forgetGroups } = await import('../setup/forget-groups.js');
        for (const line of await forgetGroups(paths.setupsDir, targets)) ctx.stdout.write(`${line}\n`);
      }
    }
  },
});
