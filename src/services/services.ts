// The composition root's contract: the facts of the process (Edges) and every impure edge a command may use
// (Adapters), swappable each in one place (kubelogin's `di`, aws-vault's `a.Keyring()`). container/container.ts
// builds the real ones: a real process gets nodeEdges(process) and the node adapters; a test passes its facts
// and fakes (test/support/fakes.ts createTestContext). Heavy adapters are reached through async getters, so a
// command loads only what it uses.
import type { HttpSettings } from '../infra/http/settings.js';
import type { ProfileStsSettings } from '../aws/config-file.js';
import type { EksPort, IamPort, YamlCodec } from '../kernel/admin-ports.js';
import type { EksLoginPaths } from '../kernel/paths.js';
import type { Platform } from '../kernel/platform.js';
import type {
  AwsCredentials,
  Clock,
  Env,
  HttpsGetter,
  IamGateway,
  KubeApi,
  KubeconfigLocation,
  KubeconfigStore,
  KubeEndpoint,
  Locker,
  Logger,
  MfaPrompt,
  Presigner,
  Prompter,
  SecretStore,
  StsGateway,
  StsProbe,
  TextSink,
} from '../kernel/ports.js';
import type { SsoOidc, SsoPortal, SsoTokenCache } from '../kernel/sso-ports.js';

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
  /** Linux, macOS or Windows: every rule that differs between them (kernel/platform.ts). */
  platform: Platform;
  /**
   * The command's one cancellation (container/command-signal.ts), made on first call: Ctrl-C / SIGTERM abort it
   * (exit 130), and every socket, tunnel, child process and timer of the command honours it.
   */
  signal(): AbortSignal;
}

/** A request for the AWS SDK's default credential chain under a profile. */
interface ProfileCredentialsRequest {
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
  /** The home directory; asked for only when a path needs it (infra/fs/home-dir.ts: NO_HOME when there is none). */
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
