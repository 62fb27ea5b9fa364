// The whoami use case: mint the token kubectl would send, ask STS who signed it (by replaying it, as the
// cluster does), ask the cluster who it maps to and what that user may do in the namespace. Pure.
import type { Clock, KubeApi, StsProbe, TokenReplay } from '../../kernel/ports.js';
import { ExitCode, isEksLoginError, type ExitCodeValue } from '../../kernel/errors.js';
import { arnAccount, parseRoleArn } from '../../aws/arn.js';
import { buildUnmappedFix, type UnmappedFix } from '../unmapped-fix.js';
import { reviewRules } from '../kube/rules-review.js';
import { buildPermissionRows, type PermissionRow } from '../kube/rules-table.js';
import { reviewSelf, type KubeUser, type SelfReviewVersion } from '../kube/self-review.js';
import { maskSecret } from '../../kernel/mask.js';
import { inspectToken } from '../token-inspect/inspect-token.js';

/** The token kubectl would use for the context, and what the token use case knows about it. */
export interface MintedToken {
  token: string;
  expiration: Date;
  fromCache: boolean;
  /** The EKS cluster name (--cluster of the exec args). */
  clusterName: string;
  /** The x-k8s-aws-id the token was signed for (the name unless --cluster-id); '' when unknown (another plugin). */
  clusterId: string;
  region: string;
  /** The role the exec args name (--role-arn). */
  roleArn?: string;
  /** The source identity from the setup record (IAM user ARN) when known. */
  sourceArn?: string;
  /** An sso group's IAM Identity Center sign-in, as one line (credentials/sso/status.ts). */
  ssoSignIn?: string;
  /** When the role session that signed the token expires, when known. */
  sessionExpiresAt?: Date;
  /** Bundle group name (a good Kubernetes group for the admin's fix). */
  group?: string;
  /**
   * The role session's SourceIdentity (a group whose role binds it to the IAM user): as STS reported it when the
   * session was made, else (the token came from the cache) the IAM user name eks-login sends for the group.
   */
  sourceIdentity?: { name: string; from: 'sts' | 'sent' };
}

export interface WhoamiInput {
  context: string;
  /** The tool `eks-login adopt` replaced in the context's exec (adopt's record). */
  adoptedFrom?: string | undefined;
  namespace: string;
  cluster: { name: string; server: string };
}

export interface WhoamiDeps {
  clock: Clock;
  mint(): Promise<MintedToken>;
  kubeApi(token: string): KubeApi;
  stsProbe: StsProbe;
}

interface StsCheck {
  /** 200: STS accepted the token for this cluster id. 0: STS could not be reached. */
  status: number;
  error?: string;
}

export interface WhoamiReport {
  /** ok · unmapped (STS accepted, cluster 401) · rejected (cluster 401 and STS said no) · no-review-api */
  outcome: 'ok' | 'unmapped' | 'rejected' | 'no-review-api';
  context: string;
  /** The tool `eks-login adopt` replaced in the context's exec. */
  adoptedFrom?: string;
  namespace: string;
  cluster: { name: string; server: string; eksName: string; clusterId: string; region: string };
  aws: {
    arn: string | null;
    account: string | null;
    sourceArn?: string;
    /** An sso group: "signed in to <start URL> until <time> (refresh available)". */
    ssoSignIn?: string;
    roleArn?: string;
    sessionName?: string;
    /** The role session's SourceIdentity; `sourceIdentityFrom`: reported by STS, or what eks-login sends. */
    sourceIdentity?: string;
    sourceIdentityFrom?: 'sts' | 'sent';
    sessionExpiresAt?: string;
    stsHost: string;
    tokenExpiresAt: string;
    tokenFromCache: boolean;
    sts: StsCheck;
  };
  kubernetes: (KubeUser & { reviewApi: SelfReviewVersion }) | null;
  access: {
    namespace: string;
    rows: PermissionRow[];
    incomplete: boolean;
    evaluationError?: string;
    forbidden?: string;
  } | null;
  fix?: UnmappedFix;
}

async function replay(deps: WhoamiDeps, minted: MintedToken): Promise<TokenReplay | { status: 0; error: string }> {
  if (!minted.clusterId) return { status: 0, error: "the exec plugin's args do not name the cluster id" };
  try {
    return await deps.stsProbe.replayToken(minted.token, minted.clusterId);
  } catch (error) {
    if (!isEksLoginError(error)) throw error;
    return { status: 0, error: error.message };
  }
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const EXIT: Record<WhoamiReport['outcome'], ExitCodeValue> = {
  ok: ExitCode.OK,
  'no-review-api': ExitCode.OK,
  unmapped: ExitCode.ACCESS_DENIED,
  rejected: ExitCode.CREDENTIALS,
};

/** whoami's exit code: 0 when the cluster answered for the token, 5 when it does not map it, 4 when STS rejects it. */
export function whoamiExitCode(report: WhoamiReport): ExitCodeValue {
  return EXIT[report.outcome];
}

export async function whoami(input: WhoamiInput, deps: WhoamiDeps): Promise<WhoamiReport> {
  const minted = await deps.mint();
  const inspection = inspectToken(minted.token, deps.clock.now());
  const sts = await replay(deps, minted);
  const stsArn = 'identity' in sts && sts.identity ? sts.identity.arn : null;
  const api = deps.kubeApi(minted.token);
  const self = await reviewSelf(api);
  const extraArn = self.outcome === 'ok' ? self.user.extra.arn?.[0] : undefined;
  const arn = stsArn ?? extraArn ?? null;
  const assumed = arn ? parseRoleArn(arn) : null;
  const sessionName = (self.outcome === 'ok' ? self.user.extra.sessionName?.[0] : undefined) ?? assumed?.sessionName;
  const report: WhoamiReport = {
    outcome: 'ok',
    context: input.context,
    ...(input.adoptedFrom ? { adoptedFrom: input.adoptedFrom } : {}),
    namespace: input.namespace,
    cluster: { ...input.cluster, eksName: minted.clusterName, clusterId: minted.clusterId, region: minted.region },
    aws: {
      arn,
      account: arn ? arnAccount(arn) : null,
      ...(minted.sourceArn ? { sourceArn: minted.sourceArn } : {}),
      ...(minted.ssoSignIn ? { ssoSignIn: minted.ssoSignIn } : {}),
      ...(minted.roleArn ? { roleArn: minted.roleArn } : {}),
      ...(sessionName ? { sessionName } : {}),
      ...(minted.sourceIdentity
        ? { sourceIdentity: minted.sourceIdentity.name, sourceIdentityFrom: minted.sourceIdentity.from }
        : {}),
      ...(minted.sessionExpiresAt ? { sessionExpiresAt: iso(minted.sessionExpiresAt) } : {}),
      stsHost: inspection.stsHost,
      tokenExpiresAt: iso(minted.expiration),
      tokenFromCache: minted.fromCache,
      sts: stsCheck(sts),
    },
    kubernetes: null,
    access: null,
  };
  if (self.outcome === 'unsupported') return { ...report, outcome: 'no-review-api' };
  if (self.outcome === 'unauthorized') {
    const fix = buildUnmappedFix({
      roleArn: minted.roleArn ?? arn ?? 'arn:aws:iam::<account>:role/<role>',
      cluster: minted.clusterName,
      region: minted.region,
      kubernetesGroup: minted.group ?? 'developers',
    });
    return { ...report, outcome: sts.status === 200 ? 'unmapped' : 'rejected', fix };
  }
  report.kubernetes = { ...self.user, extra: maskAccessKeys(self.user.extra), reviewApi: self.apiVersion };
  const rules = await reviewRules(api, input.namespace);
  if (rules.outcome === 'ok') {
    const { review } = rules;
    report.access = {
      namespace: input.namespace,
      rows: buildPermissionRows(review.resourceRules),
      incomplete: review.incomplete,
      ...(review.evaluationError ? { evaluationError: review.evaluationError } : {}),
    };
  } else {
    report.access = {
      namespace: input.namespace,
      rows: [],
      incomplete: true,
      forbidden: rules.outcome === 'forbidden' ? rules.message : 'HTTP 401',
    };
  }
  return report;
}

/** The authenticator puts the signing access key id into extra; like everywhere else, only its last 4 characters show. */
function maskAccessKeys(extra: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(extra).map(([key, values]) => [key, /accesskeyid/i.test(key) ? values.map(maskSecret) : values]),
  );
}

function stsCheck(sts: TokenReplay | { status: 0; error: string }): StsCheck {
  if ('error' in sts) return { status: 0, error: sts.error };
  if (sts.status === 200) return { status: 200 };
  const why = [sts.errorCode, sts.errorMessage].filter(Boolean).join(': ');
  return { status: sts.status, error: why || `HTTP ${sts.status}` };
}
