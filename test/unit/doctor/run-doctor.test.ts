import { describe, expect, it } from 'vitest';
import { doctorExitCode } from '../../../src/diagnose/doctor/check.js';
import type { DoctorDeps } from '../../../src/diagnose/doctor/doctor-deps.js';
import type { DoctorTarget } from '../../../src/record/doctor-target.js';
import { renderDoctor } from '../../../src/diagnose/doctor/render-doctor.js';
import { runDoctor } from '../../../src/diagnose/doctor/run-doctor.js';
import type { SetupRecord } from '../../../src/record/setup-record.js';
import { AccessDeniedError, ConfigError, CredentialsError, NetworkError } from '../../../src/kernel/errors.js';
import { FakeStsGateway, FixedClock, MemorySecretStore } from '../../support/fakes.js';
import { MemoryStsProbe, memoryKubeApi } from '../../support/memory-kube.js';
import type { FakeUser } from '../../support/fake-kube-api.js';
import { GOLDEN_TOKEN } from '../../fixtures/golden-token.js';

const ROLE = 'arn:aws:iam::123456789012:role/developers';
const ASSUMED = 'arn:aws:sts::123456789012:assumed-role/developers/developer-mike';
const USER_ARN = 'arn:aws:iam::123456789012:user/developer-mike';
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const record: SetupRecord = {
  version: 1,
  bundle: {
    apiVersion: 'eks-login/v1',
    kind: 'Bundle',
    name: 'acme',
    clusters: [
      { name: 'demo', region: 'eu-west-1', endpoint: 'https://127.0.0.1:6443', certificateAuthorityData: btoa(CA) },
    ],
    groups: [{ name: 'developers', roleArn: ROLE }],
  },
  group: 'developers',
  groups: ['developers'],
  source: { kind: 'keychain', accessKeyId: 'AKIAEXAMPLEKEY1234', userArn: USER_ARN, userName: 'developer-mike' },
  kubeconfigPath: '/home/dev/.kube/config',
  contexts: ['developers@demo'],
  setupAt: '2025-01-01T00:00:00Z',
};
const NODE = '/usr/local/bin/node';
const CLI = '/usr/local/lib/node_modules/eks-login/bin/eks-login';
const target: DoctorTarget = {
  context: 'developers@demo',
  file: '/home/dev/.kube/config',
  namespace: 'default',
  cluster: { name: 'developers@demo', server: 'https://127.0.0.1:6443', caPem: CA },
  owner: { bundle: 'acme', group: 'developers', cluster: 'demo' },
  exec: { command: NODE, args: [CLI, 'token', '--cluster', 'demo'] },
  token: { cluster: 'demo', region: 'eu-west-1', roleArn: ROLE, bundle: 'acme', group: 'developers' },
};
const mike: FakeUser = {
  username: 'developers:developer-mike',
  groups: ['developers'],
  rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'] }],
};

function world(users: Record<string, FakeUser> = { [GOLDEN_TOKEN]: mike }) {
  const clock = new FixedClock('2025-01-02T03:04:05Z');
  const store = new MemorySecretStore();
  store.entries.set(
    'access-key/acme',
    JSON.stringify({ accessKeyId: 'AKIAEXAMPLEKEY1234', secretAccessKey: 'wJalrSECRET' }),
  );
  const sts = new FakeStsGateway(clock);
  sts.identities.set('AKIAEXAMPLEKEY1234', { arn: USER_ARN, account: '123456789012', userId: 'AIDAEXAMPLE' });
  const probe = new MemoryStsProbe();
  probe.valid.set(GOLDEN_TOKEN, { arn: ASSUMED, account: '123456789012' });
  const deps: DoctorDeps = {
    clock,
    load: async () => target,
    findExecutable: async (command) =>
      command === 'eks-login' ? '/usr/local/bin/eks-login' : [NODE, CLI].includes(command) ? command : null,
    record: async (name) => (name === 'acme' ? record : undefined),
    secretStore: async () => store,
    signing: async () => ({
      sts: { region: 'eu-west-1', endpoint: 'https://sts.eu-west-1.amazonaws.com' },
      source: 'the access key stored for bundle acme',
      credentials: async () => {
        const text = await store.get('access-key/acme');
        if (text === null)
          throw new CredentialsError('no access key stored for bundle acme in memory', {
            hint: 're-run `eks-login setup <bundle.json>`',
          });
        return JSON.parse(text);
      },
    }),
    sts: async () => sts,
    stsProbe: probe,
    mint: async () => ({
      token: GOLDEN_TOKEN,
      expiration: new Date('2025-01-02T03:18:05Z'),
      fromCache: false,
      clusterName: 'demo',
      clusterId: 'demo',
      region: 'eu-west-1',
      roleArn: ROLE,
      group: 'developers',
    }),
    kubeApi: (_endpoint, token) => memoryKubeApi(users, token ?? ''),
  };
  return { deps, clock, store, sts, probe };
}

describe(runDoctor.name, () => {
  it('passes every step on a healthy setup and never prints a secret', async () => {
    const { deps, sts } = world();
    const report = await runDoctor(deps);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['kubeconfig', 'ok'],
      ['exec-command', 'ok'],
      ['keychain', 'ok'],
      ['source-identity', 'ok'],
      ['clock', 'ok'],
      ['assume-role', 'ok'],
      ['endpoint', 'ok'],
      ['token', 'ok'],
      ['rbac', 'ok'],
    ]);
    expect(report.ok).toBe(true);
    expect(doctorExitCode(report)).toBe(0);
    expect(sts.assumeRoleRequests[0]).toMatchObject({ roleArn: ROLE, roleSessionName: 'developer-mike' });
    const text = renderDoctor(report);
    expect(text).toContain('✔ token accepted by the cluster');
    expect(text).toContain('in default: pods: get, list; pods/log: get, list');
    expect(JSON.stringify(report) + text).not.toMatch(/wJalr|AKIAEXAMPLEKEY1234|k8s-aws-v1\./);
  });

  it('a bound group: AssumeRole as the IAM user with SourceIdentity; a denial explains the binding and names the expected name', async () => {
    const { deps, sts } = world();
    const bound = {
      ...record,
      bundle: { ...record.bundle, groups: [{ name: 'developers', roleArn: ROLE, sourceIdentity: true }] },
    };
    deps.record = async () => bound;
    const ok = await runDoctor(deps);
    expect(ok.checks.find((c) => c.id === 'assume-role')).toMatchObject({
      status: 'ok',
      detail: `${ASSUMED} (SourceIdentity developer-mike)`,
    });
    expect(sts.assumeRoleRequests.at(-1)).toMatchObject({
      roleSessionName: 'developer-mike',
      sourceIdentity: 'developer-mike',
    });

    const denial = new AccessDeniedError(
      `AssumeRole ${ROLE} at https://sts.eu-west-1.amazonaws.com was denied for ${USER_ARN}: User: ${USER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
      {
        sts: {
          reason: 'access-denied',
          endpoint: 'https://sts.eu-west-1.amazonaws.com',
          caller: USER_ARN,
          awsCode: 'AccessDenied',
        },
      },
    );
    deps.sts = async () => ({
      getCallerIdentity: sts.getCallerIdentity.bind(sts),
      assumeRole: async () => Promise.reject(denial),
    });
    const denied = await runDoctor(deps);
    const check = denied.checks.find((c) => c.id === 'assume-role')!;
    expect(check).toMatchObject({ status: 'fail', exitCode: 5 });
    expect(check.detail).toContain(
      "allows sts:AssumeRole only when the role session name equals the caller's IAM user name, and sts:SetSourceIdentity only when SourceIdentity equals it",
    );
    expect(check.detail).toContain(
      'the expected session name is developer-mike (SourceIdentity developer-mike); doctor asked with exactly that name',
    );
    expect(check.fix).toContain(
      `ask your admin to add ${USER_ARN} to the group's members and run \`eks-login admin apply\``,
    );
    expect(doctorExitCode(denied)).toBe(5);
  });

  it('a bound group with a role session as the source: exit 4 naming why, before AssumeRole', async () => {
    const { deps, sts } = world();
    deps.record = async () => ({
      ...record,
      bundle: { ...record.bundle, groups: [{ name: 'developers', roleArn: ROLE, sourceIdentity: true }] },
    });
    sts.identities.set('AKIAEXAMPLEKEY1234', {
      arn: 'arn:aws:sts::123456789012:assumed-role/ops/carol',
      account: '123456789012',
      userId: 'AROA:carol',
    });
    const report = await runDoctor(deps);
    expect(report.checks.find((c) => c.id === 'assume-role')).toMatchObject({
      status: 'fail',
      exitCode: 4,
      detail: expect.stringContaining('is a role session (role chaining), not an IAM user'),
    });
    expect(sts.assumeRoleRequests).toEqual([]);
  });

  it('warns above 60 s of clock skew and fails above 5 min', async () => {
    const { deps, clock, probe } = world();
    probe.serverTime = new Date('2025-01-02T03:02:35Z');
    expect((await runDoctor(deps)).checks.find((c) => c.id === 'clock')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('1m 30s ahead of'),
    });
    clock.set('2025-01-02T03:09:00Z');
    const report = await runDoctor(deps);
    expect(report.checks.find((c) => c.id === 'clock')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('timedatectl'),
    });
    expect(doctorExitCode(report)).toBe(4);
  });

  it('fails the token step with the admin fix when the role is not mapped, and skips RBAC', async () => {
    const { deps } = world({});
    const report = await runDoctor(deps);
    const token = report.checks.find((c) => c.id === 'token')!;
    expect(token.status).toBe('fail');
    expect(token.detail).toContain(`STS accepted the token for ${ASSUMED}`);
    expect(token.fix).toContain('eksctl create iamidentitymapping --cluster demo');
    expect(report.checks.at(-1)).toMatchObject({ id: 'rbac', status: 'skip' });
    expect(doctorExitCode(report)).toBe(5);
    expect(renderDoctor(report)).toMatch(
      /✘ token accepted by the cluster\n {4}STS accepted[^\n]*\n {4}fix: The token was valid/,
    );
  });

  it('a node that is gone (node upgraded) fails the exec step naming it, with the one-command fix', async () => {
    const { deps } = world();
    deps.findExecutable = async (command) => (command === CLI ? CLI : null);
    const report = await runDoctor(deps);
    expect(report.checks.find((c) => c.id === 'exec-command')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(`node ${NODE} is missing`),
      fix: expect.stringContaining('run `eks-login sync`'),
    });
  });

  it('an exec found only through PATH (bare eks-login) is a warning: GUI clients lack the shell PATH', async () => {
    const { deps } = world();
    deps.load = async () => ({ ...target, exec: { command: 'eks-login', args: ['token', '--cluster', 'demo'] } });
    const report = await runDoctor(deps);
    expect(report.checks.find((c) => c.id === 'exec-command')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('needs node and eks-login on the PATH kubectl gets'),
    });
  });

  it('names the missing key and the broken PATH with fixes', async () => {
    const { deps, store } = world();
    store.entries.clear();
    deps.load = async () => ({ ...target, exec: { command: 'eks-login', args: ['token', '--cluster', 'demo'] } });
    deps.findExecutable = async () => null;
    const report = await runDoctor(deps);
    expect(report.checks.find((c) => c.id === 'exec-command')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('PATH'),
    });
    expect(report.checks.find((c) => c.id === 'keychain')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('access-key/acme'),
    });
    expect(report.checks.find((c) => c.id === 'source-identity')).toMatchObject({
      status: 'fail',
      fix: expect.any(String),
    });
    expect(doctorExitCode(report)).toBe(3);
  });

  it('exits with the code of the error that failed the first step: STS unreachable is 6, MFA without a terminal 4', async () => {
    const { deps, sts, probe } = world();
    sts.failures.push(
      new NetworkError('cannot reach STS at https://sts.eu-west-1.amazonaws.com/ for GetCallerIdentity: ECONNREFUSED'),
    );
    probe.serverDate = async () => {
      throw new NetworkError('cannot reach STS https://sts.eu-west-1.amazonaws.com: ECONNREFUSED');
    };
    const offline = await runDoctor(deps);
    expect(offline.checks.find((c) => c.id === 'source-identity')).toMatchObject({ status: 'fail', exitCode: 6 });
    // One cause, one failure: the clock probe goes to the same unreachable host, so it is skipped.
    expect(offline.checks.find((c) => c.id === 'clock')).toMatchObject({
      status: 'skip',
      detail: expect.stringContaining('not reachable (see source-identity)'),
    });
    expect(offline.checks.filter((c) => c.status === 'fail' && c.exitCode === 6).map((c) => c.id)).toEqual([
      'source-identity',
    ]);
    expect(doctorExitCode(offline)).toBe(6);

    const mfa = world();
    mfa.deps.mint = async () => {
      throw new CredentialsError('an MFA code is needed to assume the role, but there is no terminal to ask on', {
        code: 'MFA_NEEDS_TERMINAL',
        hint: 'run: eks-login login developers@demo',
      });
    };
    const report = await runDoctor(mfa.deps);
    expect(report.checks.find((c) => c.id === 'token')).toMatchObject({
      status: 'fail',
      fix: 'run: eks-login login developers@demo',
    });
    expect(doctorExitCode(report)).toBe(4);
  });

  it('never exits 1: a probe failing with an error eks-login did not classify is a failed step with a fix', async () => {
    const { deps, probe } = world();
    probe.serverDate = async () => {
      throw new TypeError('Protocol "http:" not supported. Expected "https:"');
    };
    const report = await runDoctor(deps);
    expect(report.checks.find((c) => c.id === 'clock')).toMatchObject({
      status: 'fail',
      exitCode: 6,
      detail: expect.stringContaining('Protocol "http:" not supported'),
      fix: expect.stringContaining('--debug'),
    });
    expect(report.checks.find((c) => c.id === 'token')).toMatchObject({ status: 'ok' });
    expect(doctorExitCode(report)).toBe(6);
  });

  it('stops at a broken kubeconfig and skips the rest', async () => {
    const { deps } = world();
    deps.load = async () => {
      throw new ConfigError('context nope not found in kubeconfig /home/dev/.kube/config', {
        hint: 'run `kubectl config get-contexts`',
      });
    };
    const report = await runDoctor(deps);
    expect(report).toMatchObject({ context: null, ok: false });
    expect(report.checks[0]).toMatchObject({
      id: 'kubeconfig',
      status: 'fail',
      fix: 'run `kubectl config get-contexts`',
    });
    expect(report.checks.slice(1).every((c) => c.status === 'skip')).toBe(true);
  });
});
