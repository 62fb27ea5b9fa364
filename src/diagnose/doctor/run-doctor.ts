// The doctor: walks the chain kubectl → eks-login → keychain → STS → cluster → RBAC and reports each
// step as ok / warn / fail / skip, with a fix for every failure. A step that throws becomes a failure
// carrying the error's message, hint and exit code. Pure; I/O through DoctorDeps.
import { ExitCode, isEksLoginError, type ExitCodeValue } from '../../kernel/errors.js';
import type { AwsCredentials, CallerIdentity, KubeApi } from '../../kernel/ports.js';
import { sanitizeSessionName } from '../../credentials/role-session/policy.js';
import { bindsSourceIdentity, boundUserName } from '../../credentials/role-session/session-binding.js';
import type { SetupRecord } from '../../record/setup-record.js';
import { result, type CheckId, type CheckResult, type DoctorReport } from './check.js';
import { checkAssumeRole, checkClock, checkSourceIdentity } from './checks-aws.js';
import { checkEndpoint, checkRbac, checkToken } from './checks-cluster.js';
import { checkExecCommand, checkKeychain, checkOwnership } from './checks-local.js';
import { launcherFiles } from '../../kubeconfig/exec-launcher.js';
import type { DoctorTarget } from '../../record/doctor-target.js';
import type { DoctorDeps, SigningPlan } from './doctor-deps.js';

async function guard(id: CheckId, fn: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await fn();
  } catch (error) {
    if (isEksLoginError(error))
      return {
        ...result(id, 'fail', error.message, error.hint ?? 'run with --debug for details'),
        exitCode: error.exitCode,
      };
    // Never exit 1 for a probe: an unexpected failure is a failed step too, with the exit code of its area.
    const why = error instanceof Error ? error.message : String(error);
    return {
      ...result(
        id,
        'fail',
        `the check failed unexpectedly: ${why}`,
        'run `eks-login doctor --debug` and report the message',
      ),
      exitCode: UNEXPECTED_EXIT[id],
    };
  }
}

/** Exit codes for a check that failed with an error eks-login did not classify (contract: 3 config, 6 network, 7 store). */
const UNEXPECTED_EXIT: Record<CheckId, ExitCodeValue> = {
  kubeconfig: ExitCode.CONFIG,
  'exec-command': ExitCode.CONFIG,
  keychain: ExitCode.STORE,
  'source-identity': ExitCode.NETWORK,
  clock: ExitCode.NETWORK,
  'assume-role': ExitCode.NETWORK,
  endpoint: ExitCode.NETWORK,
  token: ExitCode.NETWORK,
  rbac: ExitCode.NETWORK,
};

const skip = (id: CheckId, why: string) => result(id, 'skip', why);

export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  let target: DoctorTarget;
  try {
    target = await deps.load();
  } catch (error) {
    if (!isEksLoginError(error)) throw error;
    const first = {
      ...result('kubeconfig', 'fail', error.message, error.hint ?? 'run `eks-login setup <bundle.json>`'),
      exitCode: error.exitCode,
    };
    const rest = (
      ['exec-command', 'keychain', 'source-identity', 'clock', 'assume-role', 'endpoint', 'token', 'rbac'] as const
    ).map((id) => skip(id, 'needs a kubeconfig context'));
    return { context: null, ok: false, checks: [first, ...rest] };
  }
  const checks: CheckResult[] = [checkOwnership(target)];
  const exec = target.exec;
  const execFiles = exec ? launcherFiles(exec) : [];
  checks.push(
    exec
      ? await guard('exec-command', async () =>
          checkExecCommand(
            target,
            await Promise.all(
              execFiles.map(async (path) => ({ path, found: await deps.findExecutable(path, target.file) })),
            ),
          ),
        )
      : skip('exec-command', 'no exec plugin'),
  );

  const flags = target.token;
  const bundle = flags?.bundle ?? target.owner?.bundle;
  let record: SetupRecord | undefined;
  if (bundle) {
    checks.push(
      await guard('keychain', async () => {
        record = await deps.record(bundle);
        if (!record)
          return result(
            'keychain',
            'fail',
            `no setup record for bundle ${bundle}`,
            `run \`eks-login setup <bundle.json>\` for bundle ${bundle}`,
          );
        return checkKeychain(record, await deps.secretStore());
      }),
    );
  } else {
    checks.push(skip('keychain', 'the exec args name no --bundle: token signs with the default AWS credential chain'));
  }
  let plan: SigningPlan | undefined;
  let credentials: AwsCredentials | undefined;
  let identity: CallerIdentity | undefined;
  if (flags) {
    checks.push(
      await guard('source-identity', async () => {
        plan = await deps.signing();
        credentials = await plan.credentials();
        identity = await (await deps.sts()).getCallerIdentity(credentials, plan.sts);
        return checkSourceIdentity(record, plan.source, credentials, identity, plan.sts);
      }),
    );
  } else checks.push(skip('source-identity', 'the context does not run eks-login token'));

  const sts = plan?.sts;
  // One cause, one failure: when STS could not be reached for the source identity, the clock probe (the
  // same host) cannot say anything either.
  const stsUnreachable = checks.find((c) => c.id === 'source-identity' && c.status === 'fail' && c.exitCode === 6);
  if (!sts) checks.push(skip('clock', 'no STS endpoint known'));
  else if (stsUnreachable) checks.push(skip('clock', `STS at ${sts.endpoint} is not reachable (see source-identity)`));
  else
    checks.push(
      await guard('clock', async () =>
        checkClock(deps.clock.now(), await deps.stsProbe.serverDate(sts.endpoint), sts.endpoint),
      ),
    );

  const group = record?.bundle.groups.find((g) => g.name === (flags?.group ?? target.owner?.group));
  if (flags?.roleArn && credentials && identity && sts) {
    const [c, roleArn, callerArn] = [credentials, flags.roleArn, identity.arn];
    checks.push(
      await guard('assume-role', async () => {
        // Sessions are named after the source identity's IAM user name (docs/credentials.md), e.g. developer-mike; a bound
        // group's must be exactly that and carries it as SourceIdentity (a source that is not an IAM user: exit 4).
        const bound = bindsSourceIdentity(group)
          ? boundUserName({ roleArn, group: group?.name, sourceArn: callerArn, sourceDescription: plan!.source })
          : undefined;
        const sessionName = bound ?? sanitizeSessionName(callerArn.split('/').at(-1) ?? 'eks-login');
        const input = {
          roleArn,
          sessionName,
          callerArn,
          mfa: group?.mfa === true,
          ...(group?.externalId ? { externalId: group.externalId } : {}),
          ...(bound ? { sourceIdentity: bound } : {}),
        };
        return checkAssumeRole(input, c, await deps.sts(), sts);
      }),
    );
  } else
    checks.push(skip('assume-role', flags?.roleArn ? 'needs a valid source key' : 'the exec args name no --role-arn'));

  const bundleCluster = record?.bundle.clusters.find((c) => c.name === (target.owner?.cluster ?? flags?.cluster));
  const bundleCa = bundleCluster ? decodeCa(bundleCluster.certificateAuthorityData) : undefined;
  const caPem = bundleCa ?? target.cluster.caPem;
  const endpoint = { ...target.cluster, ...(caPem ? { caPem } : {}) };
  const endpointCheck = await guard('endpoint', async () => {
    const source = bundleCa
      ? `the CA of bundle ${record!.bundle.name}`
      : target.cluster.caPem
        ? "the kubeconfig's CA"
        : 'the system roots';
    const found = await checkEndpoint(deps.kubeApi(endpoint), target.cluster.server, source);
    if (bundleCa && target.cluster.caPem && normalise(bundleCa) !== normalise(target.cluster.caPem)) {
      return {
        ...found,
        status: 'warn' as const,
        detail: `${found.detail}; the kubeconfig holds a different CA than the bundle`,
        fix: 're-run `eks-login setup <bundle.json>` to refresh the entry',
      };
    }
    if (bundleCluster && bundleCluster.endpoint !== target.cluster.server) {
      return {
        ...found,
        status: 'warn' as const,
        detail: `${found.detail}; the bundle names ${bundleCluster.endpoint}`,
        fix: 're-run `eks-login setup <bundle.json>` to refresh the entry',
      };
    }
    return found;
  });
  checks.push(endpointCheck);

  let accepted: KubeApi | undefined;
  if (flags && endpointCheck.status !== 'fail') {
    checks.push(
      await guard('token', async () => {
        const minted = await deps.mint();
        const api = deps.kubeApi(endpoint, minted.token);
        const check = await checkToken(api, minted, deps.stsProbe);
        if (check.status === 'ok') accepted = api;
        return check;
      }),
    );
  } else
    checks.push(skip('token', flags ? 'the endpoint is not reachable' : 'the context does not run eks-login token'));
  const api = accepted;
  checks.push(
    api ? await guard('rbac', () => checkRbac(api, target.namespace)) : skip('rbac', 'needs an accepted token'),
  );
  return { context: target.context, ok: checks.every((c) => c.status !== 'fail'), checks };
}

function decodeCa(base64: string): string | undefined {
  try {
    return atob(base64.replace(/\s+/g, ''));
  } catch {
    return undefined;
  }
}

const normalise = (pem: string) => pem.replace(/\s+/g, '');
