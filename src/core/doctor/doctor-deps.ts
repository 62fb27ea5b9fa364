// What the doctor needs from the outside: the resolved context, the setup record, the keychain, STS and
// the cluster. The CLI composes these from the same adapters token and whoami use.
import type { AwsCredentials, Clock, KubeApi, KubeEndpoint, SecretStore, StsGateway, StsProbe, StsTarget } from '../../ports.js';
import type { SetupRecord } from '../setup/record.js';
import type { MintedToken } from '../whoami/whoami.js';

/** The flags of `eks-login token` as found in the context's exec args. */
export interface ExecTokenFlags {
  cluster: string;
  clusterId?: string;
  region?: string;
  roleArn?: string;
  bundle?: string;
  group?: string;
}

export interface DoctorTarget {
  context: string;
  /** The kubeconfig file that defines the context. */
  file: string;
  namespace: string;
  cluster: { name: string; server: string; caPem?: string; tlsServerName?: string; insecureSkipTlsVerify?: boolean; proxyUrl?: string };
  /** The eks-login ownership mark on the entries, when setup wrote them. */
  owner?: { bundle: string; group: string; cluster: string };
  exec?: { command: string; args: string[] };
  /** Parsed when the exec runs `eks-login token`. */
  token?: ExecTokenFlags;
}

export interface SigningPlan {
  /** Where every STS call goes (the token host's endpoint). */
  sts: StsTarget;
  /** E.g. "the access key stored for bundle acme", "profile dev", "environment keys". */
  source: string;
  /** The source identity's credentials, before any role (keychain key, profile, environment). */
  credentials(): Promise<AwsCredentials>;
}

export interface DoctorDeps {
  clock: Clock;
  /** Throws ConfigError when the kubeconfig or the context is missing or broken. */
  load(): Promise<DoctorTarget>;
  /** The file kubectl would execute for `command` (PATH lookup, or relative to the kubeconfig's dir), or null. */
  findExecutable(command: string, kubeconfigFile: string): Promise<string | null>;
  record(bundle: string): Promise<SetupRecord | undefined>;
  secretStore(): Promise<SecretStore>;
  /** How `token` would sign for this context: its STS target and source (throws when it cannot plan). */
  signing(): Promise<SigningPlan>;
  sts(): Promise<StsGateway>;
  stsProbe: StsProbe;
  /** Mints the token through the token use case, with the exec args of the context. */
  mint(): Promise<MintedToken>;
  kubeApi(endpoint: KubeEndpoint, token?: string): KubeApi;
}
