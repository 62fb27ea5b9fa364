// The composition root: every impure edge a command may use, built lazily in this one place and each
// swappable here (kubelogin's `di`, aws-vault's `a.Keyring()`). A real process gets nodeEdges(process) and
// the real adapters; a test passes its facts and fakes (test/support/fakes.ts createTestContext). Heavy
// adapters are reached through async getters, so a command loads only what it uses.
import { readProfileStsSettings } from '../adapters/aws-config-file.js';
import { homeDir } from '../adapters/home-dir.js';
import { findSandboxBuild } from '../adapters/sandbox-build.js';
import { httpSettingsForAws, httpSettingsFromEnv, type HttpSettings } from '../adapters/http/settings.js';
import type { ProfileStsSettings } from '../core/aws-config/config-file.js';
import type { EksPort, IamPort, YamlCodec } from '../core/admin/ports.js';
import { resolvePaths, type EksLoginPaths } from '../core/paths.js';
import type { Platform } from '../core/platform.js';
import { locateKubeconfig, type KubeconfigLocation } from '../core/kubeconfig/locate.js';
import type { MfaPrompt } from '../core/role-session/obtain-role-session.js';
import type { SsoOidc, SsoPortal, SsoTokenCache } from '../core/sso/ports.js';
import type {
  AwsCredentials,
  Clock,
  Env,
  HttpsGetter,
  IamGateway,
  KubeApi,
  KubeconfigStore,
  KubeEndpoint,
  Locker,
  Logger,
  Presigner,
  Prompter,
  SecretStore,
  StsGateway,
  StsProbe,
  TextSink,
} from '../ports.js';

/** The facts of the process: environment, directory, stdio, terminal, time. */
export interface Edges {
  env: Env;
  cwd: string;
  stdout: TextSink;
  stderr: TextSink;
  clock: Clock;
  /** Warnings always, debug lines with --debug (run() installs the --debug logger). */
  logger: Logger;
  /** True when stdin and stderr are terminals (a person can answer a prompt). */
  isInteractiveTerminal: boolean;
  /** True when stdout is a terminal (colour is used then, unless NO_COLOR). */
  stdoutIsTerminal: boolean;
  /** The terminal's width when stdout is one (--help wraps to it, at most 100). */
  columns?: number | undefined;
  /** All of stdin as text; null when stdin is a terminal (nothing piped). */
  readStdin(): Promise<string | null>;
  /** The path of the running CLI script (what setup writes into the kubeconfig's exec). */
  script: string;
  /** A suffix unique to this process for probe/temp file names. */
  pid: number;
  /** Linux, macOS or Windows: every rule that differs between them (core/platform.ts). */
  platform: Platform;
  /**
   * The command's one cancellation (app/command-signal.ts), made on first call: Ctrl-C / SIGTERM abort it
   * (exit 130), and every socket, tunnel, child process and timer of the command honours it.
   */
  signal(): AbortSignal;
}

/** A request for the AWS SDK's default credential chain under a profile. */
export interface ProfileCredentialsRequest {
  profile: string;
  /** The profile was named (flag, record, AWS_PROFILE) rather than the chain's default. */
  explicit: boolean;
  region: string;
  http: HttpSettings;
  /** Answers an assume-role profile's mfa_serial question. */
  mfaCode?: ((serial: string) => Promise<string>) | undefined;
}

/** The adapters, each replaceable by a test (or another build) in one place. */
export interface Adapters {
  /** The home directory; asked for only when a path needs it (adapters/home-dir.ts: NO_HOME when there is none). */
  home(): string;
  /** The HTTP layer's settings for AWS calls: the environment plus a profile's STS settings (ca_bundle). */
  awsHttp(profileSts?: ProfileStsSettings): HttpSettings;
  /** The same for the profile in use (`profile`, else AWS_PROFILE, else default), read from ~/.aws/config. */
  awsHttpForProfile(profile?: string): HttpSettings;
  profileSts(profile: string): ProfileStsSettings | undefined;
  profileRegion(profile: string): Promise<string | undefined>;
  profileMfaSerial(profile: string): Promise<string | undefined>;
  profileCredentials(request: ProfileCredentialsRequest): Promise<AwsCredentials>;
  stsGateway(http: HttpSettings): Promise<StsGateway>;
  stsProbe(http: HttpSettings): StsProbe;
  presigner(): Promise<Presigner>;
  iamGateway(): Promise<IamGateway>;
  /** IAM, EKS and the account identity for `admin`, with the admin's credentials. */
  adminAws(credentials: AwsCredentials): Promise<{ iam: IamPort; eks: EksPort; yaml: YamlCodec }>;
  secretStore(): Promise<SecretStore>;
  locker(options?: { timeoutMs?: number }): Promise<Locker>;
  /** The person at the terminal (setup's questions, admin apply's confirmation). */
  prompter(): Promise<Prompter>;
  /** The MFA code prompt; `available` false where nobody can answer. */
  mfaPrompt(available: boolean): Promise<MfaPrompt>;
  ssoTokens(): Promise<SsoTokenCache>;
  ssoOidc(region: string): Promise<SsoOidc>;
  ssoPortal(region: string): Promise<SsoPortal>;
  openBrowser(url: string): Promise<void>;
  httpsGetter(): Promise<HttpsGetter>;
  /** `warn`: where the store's warnings go (none: silent, e.g. for shell completion). */
  kubeconfigStore(warn?: (message: string) => void): Promise<KubeconfigStore>;
  kubeApi(endpoint: KubeEndpoint, options: { token?: string; http?: HttpSettings }): KubeApi;
  sleep(ms: number): Promise<void>;
  /** A repo checkout with the sandbox built (packages/sandbox/dist); the published package has none. */
  sandboxInstalled(): boolean;
}

/** What a command handler gets: the edges, the adapters, and what is derived from them once. */
export interface Services extends Edges, Adapters {
  /** eks-login's own directories (XDG), resolved once. */
  readonly paths: EksLoginPaths;
  /** kubectl's KUBECONFIG rules; `explicit` is a --kubeconfig value (relative to cwd). */
  kubeconfigLocation(explicit?: string): KubeconfigLocation;
  /**
   * The same services with other facts (e.g. the env kubectl gives an exec plugin); adapters replaced before
   * stay replaced, `replace` swaps more.
   */
  with(changes: Partial<Edges>, replace?: Partial<Adapters>): Services;
}

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
    bound(httpSettingsForAws(env, readProfileStsSettings(env, profile ?? (env.AWS_PROFILE?.trim() || 'default'))));
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
      const http = forProfile();
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
      const [{ createSsoOidc }, { sdkClientOptions }, { ssoOidcEndpoint }] = await Promise.all([
        import('../adapters/sso/sso-oidc-client.js'),
        import('../adapters/sso/sdk-options.js'),
        import('../core/sso/endpoints.js'),
      ]);
      return createSsoOidc(region, ssoOidcEndpoint(region, env), sdkClientOptions(forProfile(), edges.logger));
    },
    ssoPortal: async (region) => {
      const [{ createSsoPortal }, { sdkClientOptions }, { ssoPortalEndpoint }] = await Promise.all([
        import('../adapters/sso/sso-portal-client.js'),
        import('../adapters/sso/sdk-options.js'),
        import('../core/sso/endpoints.js'),
      ]);
      return createSsoPortal(region, ssoPortalEndpoint(region, env), sdkClientOptions(forProfile(), edges.logger));
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
