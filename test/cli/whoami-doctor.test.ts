// whoami and doctor in-process through run(): the context setup wrote, the token minted with the fake STS,
// STS's replay and the cluster's answer from fakes behind the composition root.
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import type { FakeUser } from '../support/fake-kube-api.js';
import { useTempDirs } from '../support/temp-dir.js';
import { clusterMapping, DEVELOPERS_ROLE, setUpMachine, stsProbeOf } from './machine.js';

const tempDir = useTempDirs();
const mike: FakeUser = {
  username: 'developers:developer-mike',
  groups: ['eks-login:developers', 'system:authenticated'],
  rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }],
};

async function diagnosable(user: FakeUser | undefined) {
  const w = await setUpMachine(tempDir());
  const probe = stsProbeOf(w.sts, w.ctx.clock.now());
  // Without a user the cluster maps nobody: STS accepts the token, the authenticator does not.
  const ctx = w.ctx.with(
    {},
    {
      stsProbe: () => probe,
      kubeApi: clusterMapping((token) => user && probe.identityOf(token), user ?? { username: '', groups: [] }),
    },
  );
  return { w, ctx, probe };
}

describe('eks-login whoami (in-process)', () => {
  it('mints for the current context, replays at STS and shows the mapped user (json)', async () => {
    const { w, ctx, probe } = await diagnosable(mike);
    expect(await run(['whoami', '--context', 'developers@demo', '-o', 'json'], ctx)).toBe(0);
    expect(w.sts.calls).toEqual([expect.stringMatching(new RegExp(`^AssumeRole AKIA\\S+ ${DEVELOPERS_ROLE} `))]);
    expect(probe.replays).toHaveLength(1);
    const report = JSON.parse(ctx.stdout.text);
    expect(report).toMatchObject({
      outcome: 'ok',
      aws: { arn: 'arn:aws:sts::123456789012:assumed-role/developers/developer-mike', account: '123456789012' },
      kubernetes: { username: 'developers:developer-mike', groups: ['eks-login:developers', 'system:authenticated'] },
    });
  });

  it('a role the cluster does not map is exit 5 with the admin fix', async () => {
    const { ctx } = await diagnosable(undefined);
    expect(await run(['whoami', '--context', 'developers@demo'], ctx)).toBe(5);
    expect(ctx.stdout.text).toContain(
      'The token was valid for arn:aws:sts::123456789012:assumed-role/developers/developer-mike at STS, but the cluster demo did not map it',
    );
    expect(ctx.stdout.text).toContain(`map ${DEVELOPERS_ROLE}`);
    // The report said why: the exit code comes without a second message.
    expect(ctx.stderr.text).toBe('');
  });
});

describe('eks-login doctor (in-process)', () => {
  it('walks every step for the context and exits 0 when all pass', async () => {
    const { w, ctx } = await diagnosable(mike);
    const code = await run(['doctor', '--context', 'developers@demo', '-o', 'json'], ctx);
    const report = JSON.parse(ctx.stdout.text);
    expect(
      report.checks.filter((c: { status: string }) => c.status !== 'ok').map((c: object) => JSON.stringify(c)),
    ).toEqual([]);
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(['kubeconfig', 'keychain', 'source-identity', 'assume-role']),
    );
    expect(report).toMatchObject({ context: 'developers@demo', ok: true });
    expect(code).toBe(0);
    // The source identity was checked with the stored key, then the role assumed for the token.
    expect(w.sts.calls.some((c) => c.startsWith('GetCallerIdentity AKIA'))).toBe(true);
    expect(w.sts.calls.some((c) => c.startsWith('AssumeRole AKIA'))).toBe(true);
  });

  it('a context that does not exist is a failed first step with a fix, exit 3', async () => {
    const { ctx } = await diagnosable(mike);
    expect(await run(['doctor', '--context', 'nope@demo'], ctx)).toBe(3);
    expect(ctx.stdout.text).toContain('nope@demo');
    expect(ctx.stderr.text).toBe('');
  });

  it('-o json: the failed report as JSON on stdout, the same exit code', async () => {
    const { ctx } = await diagnosable(mike);
    expect(await run(['doctor', '--context', 'nope@demo', '-o', 'json'], ctx)).toBe(3);
    const report = JSON.parse(ctx.stdout.text) as { ok: boolean; checks: Array<{ status: string }> };
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({ status: 'fail' });
    expect(ctx.stderr.text).toBe('');
  });
});
