// The context whoami and doctor look at: built by diagnose/context-target.ts, checked by diagnose/doctor.
// A shared model, so neither folder imports the other for it.

/** The flags of `eks-login token` as found in the context's exec args. */
interface ExecTokenFlags {
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
  cluster: {
    name: string;
    server: string;
    caPem?: string;
    tlsServerName?: string;
    insecureSkipTlsVerify?: boolean;
    proxyUrl?: string;
  };
  /** The eks-login ownership mark on the entries, when setup wrote them. */
  owner?: { bundle: string; group: string; cluster: string };
  exec?: { command: string; args: string[] };
  /** Parsed when the exec runs `eks-login token`. */
  token?: ExecTokenFlags;
  /** The tool whose exec `eks-login adopt` rewrote into this one (adopt's record), e.g. `aws eks get-token`. */
  adoptedFrom?: string;
}
