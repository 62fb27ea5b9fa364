// Ports: the interfaces core logic uses to reach the outside world. Real implementations live in
// src/adapters, test doubles in test/support. Core imports these as types only.

/** The time source. Core never calls Date.now(). */
export interface Clock {
  now(): Date;
}

/** Where human-facing diagnostics go (always stderr). */
export interface Logger {
  /** Shown only with --debug. Secrets are masked by the implementation as a last line of defence. */
  debug(message: string): void;
  /** Shown always, on stderr. */
  warn(message: string): void;
}

/** A text sink (stdout or stderr). */
export interface TextSink {
  write(text: string): void;
}

/** The process environment, read only through this. */
export type Env = Readonly<Record<string, string | undefined>>;

/** AWS credentials. `expiration` is absent for long-term keys. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** An HTTP request to presign with SigV4 in the query string (no body). */
export interface PresignRequest {
  protocol: 'https:' | 'http:';
  hostname: string;
  port?: number;
  path: string;
  /** Parameters already in the URL before signing. */
  query: Record<string, string>;
  /** Headers to sign; they are not put into the URL. Must include `host`. */
  headers: Record<string, string>;
}

export interface PresignOptions {
  credentials: AwsCredentials;
  region: string;
  service: string;
  signingDate: Date;
  expiresInSeconds: number;
}

/** SigV4 query-string presigning (token/sigv4-presigner.node.ts wraps @smithy/signature-v4). */
export interface Presigner {
  /** Returns the complete signed query: the request's parameters plus every X-Amz-* parameter. */
  presign(request: PresignRequest, options: PresignOptions): Promise<Record<string, string>>;
}

/** What STS GetCallerIdentity says. */
export interface CallerIdentity {
  arn: string;
  account: string;
  userId: string;
}

/** Where STS calls go: the region and the endpoint URL (scheme included), as resolved by token/sts-endpoint. */
export interface StsTarget {
  region: string;
  endpoint: string;
  /**
   * FIPS / dual-stack (never with an endpoint URL setting): the SDK resolves the host itself from region and
   * these flags (an explicit endpoint with them is an SDK error); it equals `endpoint`'s host.
   */
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
}

export interface AssumeRoleRequest {
  roleArn: string;
  roleSessionName: string;
  durationSeconds: number;
  externalId?: string;
  serialNumber?: string;
  tokenCode?: string;
  /** SourceIdentity of the new session (a bound group: the IAM user name); needs sts:SetSourceIdentity. */
  sourceIdentity?: string;
  /** The caller's ARN when known: error messages name it (never sent to STS). */
  sourceArn?: string;
}

export interface AssumedRole {
  credentials: AwsCredentials & { expiration: Date };
  assumedRoleArn: string;
  assumedRoleId: string;
  /** The session's SourceIdentity as STS reports it (set now, or carried over from a chained session). */
  sourceIdentity?: string;
}

/** Reads an MFA code from a person; `available` is false when no terminal can answer. */
export interface MfaPrompt {
  readonly available: boolean;
  ask(question: string): Promise<string>;
}

/** Which kubeconfig files count (kubeconfig/locate.ts, kubectl's rules). */
export interface KubeconfigLocation {
  /** The files in precedence order (first wins on read). */
  paths: string[];
  /** Where the list came from, for messages. */
  source: 'flag' | 'KUBECONFIG' | 'default';
}

/** STS as eks-login uses it. Implementations translate AWS errors into EksLoginError subclasses. */
export interface StsGateway {
  getCallerIdentity(credentials: AwsCredentials, target: StsTarget): Promise<CallerIdentity>;
  assumeRole(credentials: AwsCredentials, target: StsTarget, request: AssumeRoleRequest): Promise<AssumedRole>;
}

/**
 * A place for secrets: the OS keychain, or the 0600 file fallback. Accounts live under KEYCHAIN_SERVICE (kernel/paths.ts).
 * Implementations fail with StoreError (exit 7) when the store is unusable, never hang (3 s bound).
 */
export interface SecretStore {
  readonly backend: 'system' | 'file' | 'memory';
  /** A human-readable location, e.g. "Secret Service" or the file path. */
  readonly location: string;
  /** Why a fallback store is in use (e.g. "no usable Secret Service (...)"), when it is. */
  readonly note?: string;
  /**
   * Where the last `get` of `account` found its value, when this store reads from more than one place (the auto
   * store: a key stored in the file by an earlier setup without a keychain stays there when a keychain appears).
   */
  foundIn?(account: string): Pick<SecretStore, 'backend' | 'location'> | undefined;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Returns whether something was deleted. */
  delete(account: string): Promise<boolean>;
}

/**
 * Serialises work across processes by key: while `fn` runs, no other eks-login process runs work for the
 * same key. Fails with StoreError (exit 7) naming the lock when the wait is too long.
 */
export interface Locker {
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** A kubeconfig file as the store reads it: the parsed document (`{}` when missing or empty) and its text. */
export interface KubeconfigFileContent {
  path: string;
  exists: boolean;
  doc: Record<string, unknown>;
  /** The file's text ('' when missing), for diffs. */
  text: string;
}

/**
 * kubeconfig files on disk. YAML parsing and the write protocol live in the adapter; core edits plain
 * objects (src/kubeconfig).
 */
export interface KubeconfigStore {
  /** Reads and parses one file. ConfigError (exit 3) naming the file and line when it is malformed. */
  read(path: string): Promise<KubeconfigFileContent>;
  /** The YAML text of a document; the same document always gives the same bytes. */
  serialize(doc: Record<string, unknown>): string;
  /** Runs fn while holding client-go's `<path>.lock` (O_EXCL, bounded wait, stale locks removed). */
  withLock<T>(path: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Atomically replaces the file (temp file in the same directory, fsync, rename), keeping its mode
   * (0600 for a new file, missing directories 0700) and one backup of the previous version next to it.
   */
  write(path: string, text: string): Promise<{ backupPath?: string }>;
  /**
   * Proves that `write` can succeed before anything else is changed (setup stores a key only after it):
   * the directory takes a new file and the backup can be written. ConfigError (exit 3) naming the path.
   */
  checkWritable(path: string): Promise<void>;
}

/** A Kubernetes API server and how to trust it (from a kubeconfig cluster entry). */
export interface KubeEndpoint {
  /** https URL of the API server. */
  server: string;
  /** PEM CA bundle the server certificate must chain to; absent: the system roots. */
  caPem?: string;
  /** Name to verify the certificate against, when it differs from the server host. */
  tlsServerName?: string;
  insecureSkipTlsVerify?: boolean;
  /** The kubeconfig cluster's `proxy-url`: used instead of HTTPS_PROXY/NO_PROXY, as kubectl does. */
  proxyUrl?: string;
}

export interface KubeResponse {
  status: number;
  /** Parsed JSON when the server sent JSON, else the text (trimmed to a few KB). */
  body: unknown;
  /** The Location header of a redirect (never followed). */
  location?: string;
}

/**
 * Requests to one API server. Never follows redirects. Unreachable, timed out or untrusted-certificate
 * servers fail with NetworkError (exit 6; codes ENDPOINT_UNREACHABLE, ENDPOINT_TIMEOUT, CERTIFICATE_UNTRUSTED).
 */
export interface KubeApi {
  /** `contentType` defaults to application/json (server-side apply sends application/apply-patch+yaml). */
  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<KubeResponse>;
}

/** What STS said when the presigned URL inside a token was replayed (as the cluster's verifier does). */
export interface TokenReplay {
  /** HTTP status from STS: 200 means the token is valid for `identity` and that cluster id. */
  status: number;
  identity?: CallerIdentity;
  /** STS's `Date` header, for clock-skew checks. */
  serverDate?: Date;
  /** STS error code and message on a non-200 answer (SignatureDoesNotMatch, ExpiredToken, …). */
  errorCode?: string;
  errorMessage?: string;
}

/** Diagnostics against STS that bypass the SDK (which hides the Date header and the presigned URL). */
export interface StsProbe {
  /** Replays the token's presigned GetCallerIdentity with `x-k8s-aws-id: <clusterId>`. */
  replayToken(token: string, clusterId: string): Promise<TokenReplay>;
  /** The `Date` header of any answer from the STS endpoint (no credentials sent). */
  serverDate(endpoint: string): Promise<Date>;
}

/** Questions to the person at the terminal (prompts on stderr). Only built when stdin and stderr are terminals. */
export interface Prompter {
  /** Reads one line; with `secret` the typed characters are not shown. Ctrl-C/Ctrl-D → UsageError "cancelled". */
  ask(question: string, options?: { secret?: boolean }): Promise<string>;
}

/**
 * One GET of an https URL (a bundle source). Hard deadline on the whole exchange, at most `maxBytes` read
 * (`truncated` when the body was longer), redirects followed only to https URLs. NetworkError (exit 6)
 * when the host cannot be reached, does not answer in time or answers with a status other than 200.
 */
export interface HttpsGetter {
  get(
    url: string,
    options: { maxBytes: number; timeoutMs: number },
  ): Promise<{ bytes: Uint8Array; truncated: boolean; url: string }>;
}

/** IAM as `key rotate` uses it: access keys of the caller's own IAM user. Errors are EksLoginError subclasses. */
export interface IamGateway {
  createAccessKey(
    credentials: AwsCredentials,
    userName: string,
  ): Promise<{ accessKeyId: string; secretAccessKey: string }>;
  /** CredentialsError code IAM_NO_SUCH_ENTITY when the key is already gone. */
  deleteAccessKey(credentials: AwsCredentials, userName: string, accessKeyId: string): Promise<void>;
  /** The user's access keys (iam:ListAccessKeys), to find the key an interrupted rotation created. */
  listAccessKeys(
    credentials: AwsCredentials,
    userName: string,
  ): Promise<Array<{ accessKeyId: string; createdAt?: Date }>>;
}
