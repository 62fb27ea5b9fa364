// What the doctor needs from the outside: the resolved context, the setup record, the keychain, STS and
// the cluster. The CLI composes these from the same adapters token and whoami use.
import type {
  AwsCredentials,
  Clock,
  KubeApi,
  KubeEndpoint,
  SecretStore,
  StsGateway,
  StsProbe,
  StsTarget,
} from '../../kernel/ports.js';
import type { DoctorTarget } from '../../record/doctor-target.js';
import type { SetupRecord } from '../../record/setup-record.js';
import type { MintedToken } from '../whoami/whoami.js';

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
