// The composition root: the real adapters of a process, each loaded on first use, and the services built
// from the process's facts (the contract: app/services.ts). Tests replace any adapter by name
// (test/support/fakes.ts createTestContext).
import { activeProfile } from '../core/aws-config/active-profile.js';
import { readProfileStsSettings } from '../adapters/aws-config-file.js';
import { homeDir } from '../adapters/home-dir.js';
import { findSandboxBuild } from '../adapters/sandbox-build.js';
import { httpSettingsForAws, httpSettingsFromEnv, type HttpSettings } from '../adapters/http/settings.js';
import { resolvePaths, type EksLoginPaths } from '../core/paths.js';
import { locateKubeconfig } from '../core/kubeconfig/locate.js';
import type { SecretStore } from '../ports.js';
import type { Adapters, Edges, Services } from './services.js';

/** Admin's control-plane calls (IAM, EKS) may take longer than a token's. */
const ADMIN_TOTAL_TIMEOUT_MS = 15_000;

/** The real adapters of a process, each loaded on first use; `home` is the services' (possibly replaced) home(). */
export function nodeAdapters(edges: Edges, paths: () => EksLoginPaths, home: () => string): Adapters {
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
      (await import('../adapters/aws-profile.js')).readProfileRegion(profile, env, home),
    profileMfaSerial: async (profile) =>
      (await import('../adapters/aws-profile.js')).readProfileMfaSerial(profile, env, home),
    profileCredentials: async (r) =>
      (await import('../adapters/aws-credential-chain.js')).fromProfileChain(
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
      (await import('../adapters/sts-gateway.js')).createStsGateway({ logger: edges.logger, http: bound(http) }),
    // Synchronous ports whose adapters load on their first call.
    stsProbe: (http) => {
      const probe = import('../adapters/sts-probe.js').then((m) => m.createStsProbe({ http: bound(http) }));
      probe.catch(() => undefined);
      return {
        replayToken: async (token, id) => (await probe).replayToken(token, id),
        serverDate: async (endpoint) => (await probe).serverDate(endpoint),
      };
    },
    presigner: async () => (await import('../adapters/sigv4-presigner.js')).smithyPresigner,
    // IAM with the active profile's ca_bundle too (AWS_CA_BUNDLE wins), as every AWS client.
    iamGateway: async () => (await import('../adapters/iam-gateway.js')).createIamGateway(env, forProfile()),
    adminAws: async (credentials) => {
      const [{ createIamAdmin }, { createEksAdmin }, yaml] = await Promise.all([
        import('../adapters/admin/iam-admin.js'),
        import('../adapters/admin/eks-admin.js'),
        import('../adapters/admin/yaml.js'),
      ]);
      const http = { ...forProfile(), totalTimeoutMs: ADMIN_TOTAL_TIMEOUT_MS };
      return {
        iam: createIamAdmin(credentials, env, http),
        eks: createEksAdmin(credentials, env, http),
        yaml: yaml.yamlCodec,
      };
    },
    secretStore: () =>
      (store ??= import('../adapters/secrets/create-secret-store.js').then((m) =>
        m.createSecretStore({
          env,
          secretsFile: paths().secretsFile,
          logger: edges.logger,
          keyring: { platform: edges.platform },
          keychainValueLimit: edges.platform.keychainValueLimit,
        }),
      )),
    locker: async (options = {}) =>
      new (await import('../adapters/file-lock.js')).FileLocker(`${paths().cacheDir}/locks`, {
        logger: edges.logger,
        ...options,
      }),
    prompter: async () => {
      const [{ createTerminalPrompter }, { openControllingTerminal }] = await Promise.all([
        import('../adapters/terminal-prompt.js'),
        import('../adapters/controlling-terminal.js'),
      ]);
      return createTerminalPrompter(undefined, undefined, () => openControllingTerminal(edges.platform.terminal));
    },
    mfaPrompt: async (available) => {
      const [{ TerminalMfaPrompt }, { openControllingTerminal }] = await Promise.all([
        import('../adapters/terminal-mfa-prompt.js'),
        import('../adapters/controlling-terminal.js'),
      ]);
      return new TerminalMfaPrompt(available, undefined, undefined, () =>
        openControllingTerminal(edges.platform.terminal),
      );
    },
    ssoTokens: async () => (await import('../adapters/sso/sso-token-file.js')).createSsoTokenCache(env.HOME || home()),
    ssoOidc: async (region) => {
      const [{ createSsoOidc }, { sdkClients }, { ssoOidcEndpoint }] = await Promise.all([
        import('../adapters/sso/sso-oidc-client.js'),
        import('../adapters/sdk-client.js'),
        import('../core/sso/endpoints.js'),
      ]);
      return createSsoOidc(region, ssoOidcEndpoint(region, env), sdkClients(forProfile(), edges.logger));
    },
    ssoPortal: async (region) => {
      const [{ createSsoPortal }, { sdkClients }, { ssoPortalEndpoint }] = await Promise.all([
        import('../adapters/sso/sso-portal-client.js'),
        import('../adapters/sdk-client.js'),
        import('../core/sso/endpoints.js'),
      ]);
      return createSsoPortal(region, ssoPortalEndpoint(region, env), sdkClients(forProfile(), edges.logger));
    },
    openBrowser: async (url) =>
      (await import('../adapters/open-browser.js')).openBrowser(
        url,
        env,
        (line) => edges.logger.debug(line),
        edges.platform,
      ),
    httpsGetter: async () =>
      (await import('../adapters/https-getter.js')).createHttpsGetter(bound(httpSettingsFromEnv(env))),
    kubeconfigStore: async (warn) =>
      (await import('../adapters/kubeconfig-file-store.js')).createKubeconfigFileStore(warn ? { warn } : {}),
    kubeApi: (endpoint, options) => {
      const api = import('../adapters/kube-api-client.js').then((m) =>
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
