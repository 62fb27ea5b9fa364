// The composition root: the real adapters of a process, each loaded on first use, and the services built
// from the process's facts (the contract: services/services.ts). Tests replace any adapter by name
// (test/support/fakes.ts createTestContext).
import { activeProfile } from '../aws/active-profile.js';
import { readProfileStsSettings } from '../infra/aws/aws-config-file.js';
import { homeDir } from '../infra/fs/home-dir.js';
import { findSandboxBuild } from '../sandbox/sandbox-build.node.js';
import { httpSettingsForAws, httpSettingsFromEnv, type HttpSettings } from '../infra/http/settings.js';
import { resolvePaths, type EksLoginPaths } from '../kernel/paths.js';
import { locateKubeconfig } from '../kubeconfig/locate.js';
import type { SecretStore } from '../kernel/ports.js';
import type { Adapters, Edges, Services } from '../services/services.js';

/** Admin's control-plane calls (IAM, EKS) may take longer than a token's. */
const ADMIN_TOTAL_TIMEOUT_MS = 15_000;

/** The real adapters of a process, each loaded on first use; `home` is the services' (possibly replaced) home(). */
function nodeAdapters(edges: Edges, paths: () => EksLoginPaths, home: () => string): Adapters {
  const { env } = edges;
  let resolvedHome: string | undefined;
  let store: Promise<SecretStore> | undefined;
  // Every HTTP settings object an adapter gets carries the command's signal (one cancellation for all sockets)
  // and the logger's warn (an unusable proxy URL is named once).
  const bound = (http: HttpSettings): HttpSettings =>
    http.signal ? http : { ...http, signal: edges.signal(), warn: (m) => edges.logger.warn(m) };
  const forProfile = (profile?: string): HttpSettings =>
    bound(httpSettingsForAws(env, readProfileStsSettings(env, activeProfile(env, profile))));
  return {
    home: () => (resolvedHome ??= homeDir()),
    awsHttp: (profileSts) => bound(httpSettingsForAws(env, profileSts)),
    awsHttpForProfile: forProfile,
    profileSts: (profile) => readProfileStsSettings(env, profile),
    profileRegion: async (profile) =>
      (await import('../infra/aws/aws-profile.js')).readProfileRegion(profile, env, home),
    profileMfaSerial: async (profile) =>
      (await import('../infra/aws/aws-profile.js')).readProfileMfaSerial(profile, env, home),
    profileCredentials: async (r) =>
      (await import('../infra/aws/aws-credential-chain.js')).fromProfileChain(
        r.profile,
        r.explicit,
        r.region,
        edges.logger,
        r.mfaCode,
        bound(r.http),
        env,
        home,
      ),
    stsGateway: async (http) =>
      (await import('../infra/aws/sts-gateway.js')).createStsGateway({ logger: edges.logger, http: bound(http) }),
    // Synchronous ports whose adapters load on their first call.
    stsProbe: (http) => {
      const probe = import('../diagnose/sts-probe.node.js').then((m) => m.createStsProbe({ http: bound(http) }));
      probe.catch(() => undefined);
      return {
        replayToken: async (token, id) => (await probe).replayToken(token, id),
        serverDate: async (endpoint) => (await probe).serverDate(endpoint),
      };
    },
    presigner: async () => (await import('../token/sigv4-presigner.node.js')).smithyPresigner,
    // IAM with the active profile's ca_bundle too (AWS_CA_BUNDLE wins), as every AWS client.
    iamGateway: async () => (await import('../key/iam-gateway.node.js')).createIamGateway(env, forProfile()),
    adminAws: async (credentials) => {
      const [{ createIamAdmin }, { createEksAdmin }, yaml] = await Promise.all([
        import('../admin/iam-admin.node.js'),
        import('../admin/eks-admin.node.js'),
        import('../admin/yaml.node.js'),
      ]);
      const http = { ...forProfile(), totalTimeoutMs: ADMIN_TOTAL_TIMEOUT_MS };
      return {
        iam: createIamAdmin(credentials, env, http),
        eks: createEksAdmin(credentials, env, http),
        yaml: yaml.yamlCodec,
      };
    },
    secretStore: () =>
      (store ??= import('../infra/secrets/create-secret-store.js').then((m) =>
        m.createSecretStore({
          env,
          secretsFile: paths().secretsFile,
          logger: edges.logger,
          keyring: { platform: edges.platform },
          keychainValueLimit: edges.platform.keychainValueLimit,
        }),
      )),
    locker: async (options = {}) =>
      new (await import('../infra/fs/file-lock.js')).FileLocker(`${paths().cacheDir}/locks`, {
        logger: edges.logger,
        ...options,
      }),
    prompter: async () => {
      const [{ createTerminalPrompter }, { openControllingTerminal }] = await Promise.all([
        import('../infra/terminal/terminal-prompt.js'),
        import('../infra/terminal/controlling-terminal.js'),
      ]);
      return createTerminalPrompter(undefined, undefined, () => openControllingTerminal(edges.platform.terminal));
    },
    mfaPrompt: async (available) => {
      const [{ TerminalMfaPrompt }, { openControllingTerminal }] = await Promise.all([
        import('../credentials/role-session/terminal-mfa-prompt.node.js'),
        import('../infra/terminal/controlling-terminal.js'),
      ]);
      return new TerminalMfaPrompt(available, undefined, undefined, () =>
        openControllingTerminal(edges.platform.terminal),
      );
    },
    ssoTokens: async () =>
      (await import('../credentials/sso/sso-token-file.node.js')).createSsoTokenCache(env.HOME || home()),
    ssoOidc: async (region) => {
      const [{ createSsoOidc }, { sdkClients }, { ssoOidcEndpoint }] = await Promise.all([
        import('../credentials/sso/sso-oidc-client.node.js'),
        import('../infra/aws/sdk-client.js'),
        import('../credentials/sso/endpoints.js'),
      ]);
      return createSsoOidc(region, ssoOidcEndpoint(region, env), sdkClients(forProfile(), edges.logger));
    },
    ssoPortal: async (region) => {
      const [{ createSsoPortal }, { sdkClients }, { ssoPortalEndpoint }] = await Promise.all([
        import('../credentials/sso/sso-portal-client.node.js'),
        import('../infra/aws/sdk-client.js'),
        import('../credentials/sso/endpoints.js'),
      ]);
      return createSsoPortal(region, ssoPortalEndpoint(region, env), sdkClients(forProfile(), edges.logger));
    },
    openBrowser: async (url) =>
      (await import('../infra/terminal/open-browser.js')).openBrowser(
        url,
        env,
        (line) => edges.logger.debug(line),
        edges.platform,
      ),
    httpsGetter: async () =>
      (await import('../infra/http/https-getter.js')).createHttpsGetter(bound(httpSettingsFromEnv(env))),
    kubeconfigStore: async (warn) =>
      (await import('../kubeconfig/kubeconfig-file-store.node.js')).createKubeconfigFileStore(warn ? { warn } : {}),
    kubeApi: (endpoint, options) => {
      const api = import('../infra/http/kube-api-client.js').then((m) =>
        m.createKubeApi(endpoint, { ...options, http: bound(options.http ?? httpSettingsFromEnv(env)) }),
      );
      api.catch(() => undefined);
      return { request: async (...args) => (await api).request(...args) };
    },
    sleep: (ms) =>
      import('node:timers/promises')
        .then((t) => t.setTimeout(ms, undefined, { signal: edges.signal() }))
        .catch((error: unknown) => Promise.reject(edges.signal().reason ?? error)),
    sandboxInstalled: () => findSandboxBuild() !== undefined,
  };
}

/** Builds the services from the facts; `replaced` adapters win over the real ones (tests pass fakes here). */
export function createServices(edges: Edges, replaced: Partial<Adapters> = {}): Services {
  let paths: EksLoginPaths | undefined;
  const pathsOf = (): EksLoginPaths => (paths ??= resolvePaths(edges.env, () => adapters.home(), edges.platform));
  const adapters: Adapters = { ...nodeAdapters(edges, pathsOf, () => adapters.home()), ...replaced };
  return {
    ...edges,
    ...adapters,
    get paths() {
      return pathsOf();
    },
    kubeconfigLocation: (explicit) =>
      locateKubeconfig(edges.env, () => adapters.home(), explicit, edges.cwd, edges.platform),
    with: (changes, replace = {}) => createServices({ ...edges, ...changes }, { ...replaced, ...replace }),
  };
}
