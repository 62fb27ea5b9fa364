// Protocol constants of the EKS bearer token (docs/token.md, "What the token is"; aws-iam-authenticator pkg/token/token.go).

/** Every EKS token starts with this; the rest is the base64url (no padding) presigned URL. */
export const TOKEN_PREFIX = 'k8s-aws-v1.';
/** Signed header that binds the token to one cluster; the verifier re-adds it with its own cluster id. */
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** X-Amz-Expires written by aws-cli and aws-iam-authenticator; STS accepts the URL for 15 min regardless. */
export const PRESIGN_EXPIRES_SECONDS = 60;
/** How long the verifier accepts a token after X-Amz-Date. */
export const TOKEN_VALIDITY_MS = 15 * 60_000;
/** expirationTimestamp = signing time + 14 min: one minute of cushion so kubectl re-execs in time. */
export const TOKEN_LIFETIME_MS = 14 * 60_000;
/** Margin kept before the signing credentials' own expiry (tokens die with their temporary credentials). */
export const CREDENTIAL_EXPIRY_MARGIN_MS = 60_000;
/** A cached token is reused only while at least this much validity remains. */
export const CACHE_MIN_REMAINING_MS = 2 * 60_000;
/** A cached token signed further than this in the future (a clock that ran ahead) is not reused. */
export const FUTURE_SIGNING_SKEW_MS = 5 * 60_000;
/** The presigned request: STS GetCallerIdentity, GET on path `/`. */
export const STS_ACTION = 'GetCallerIdentity';
export const STS_VERSION = '2011-06-15';
export const STS_SERVICE = 'sts';
/** The exec credential API versions kubectl speaks (v1alpha1 was removed in Kubernetes 1.24). */
export const EXEC_API_V1 = 'client.authentication.k8s.io/v1';
export const EXEC_API_V1BETA1 = 'client.authentication.k8s.io/v1beta1';
export const EXEC_API_V1ALPHA1 = 'client.authentication.k8s.io/v1alpha1';
