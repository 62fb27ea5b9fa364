// The shape of a doctor check result and the report. Pure.
import { ExitCode, type ExitCodeValue } from '../../kernel/errors.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export type CheckId =
  | 'kubeconfig'
  | 'exec-command'
  | 'keychain'
  | 'source-identity'
  | 'clock'
  | 'assume-role'
  | 'endpoint'
  | 'token'
  | 'rbac';

export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** What was found (never a secret). */
  detail: string;
  /** What to run or change; present for every failure and warning. */
  fix?: string;
  /** When an error failed the step: its exit code (a network error is 6 whatever the step). */
  exitCode?: ExitCodeValue;
}

export interface DoctorReport {
  context: string | null;
  ok: boolean;
  checks: CheckResult[];
}

const CHECK_TITLES: Record<CheckId, string> = {
  kubeconfig: 'kubeconfig entry present and owned by eks-login',
  'exec-command': 'exec command resolvable as kubectl runs it',
  keychain: 'keychain backend and stored key',
  'source-identity': 'source key valid (STS GetCallerIdentity)',
  clock: 'clock in step with STS',
  'assume-role': 'group role can be assumed',
  endpoint: "cluster endpoint reachable, certificate validated by the bundle's CA",
  token: 'token accepted by the cluster',
  rbac: 'RBAC in the namespace',
};

/** The exit code doctor returns when this check is the first that failed, unless an error with its own exit code failed it. */
const FAILURE_EXIT: Record<CheckId, ExitCodeValue> = {
  kubeconfig: ExitCode.CONFIG,
  'exec-command': ExitCode.CONFIG,
  keychain: ExitCode.STORE,
  'source-identity': ExitCode.CREDENTIALS,
  clock: ExitCode.CREDENTIALS,
  'assume-role': ExitCode.ACCESS_DENIED,
  endpoint: ExitCode.NETWORK,
  token: ExitCode.ACCESS_DENIED,
  rbac: ExitCode.ACCESS_DENIED,
};

export function result(id: CheckId, status: CheckStatus, detail: string, fix?: string): CheckResult {
  return { id, title: CHECK_TITLES[id], status, detail, ...(fix ? { fix } : {}) };
}

export function doctorExitCode(report: DoctorReport): ExitCodeValue {
  const failed = report.checks.find((c) => c.status === 'fail');
  return failed ? (failed.exitCode ?? FAILURE_EXIT[failed.id]) : ExitCode.OK;
}
