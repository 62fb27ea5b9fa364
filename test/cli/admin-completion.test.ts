// admin and shell completion in-process through run(): the admin's AWS side (credentials, STS, IAM, EKS)
// are fakes behind the composition root; completion reads the kubeconfig and setup records of the temp HOME.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import type { EksPort, IamPort } from '../../src/kernel/admin-ports.js';
import { CA_DATA } from '../support/bundles.js';
import { createTestContext, FakeStsGateway, FixedClock } from '../support/fakes.js';
import { useTempDirs } from '../support/temp-dir.js';
import { setUpMachine } from './machine.js';

const tempDir = useTempDirs();
const ADMIN = { accessKeyId: 'AKIAADMINEXAMPLE0001', secretAccessKey: 'admin-secret' };
const ACCESS = `apiVersion: eks-login/v1
kind: Access
name: acme
clusters:
  - name: demo
    region: eu-west-1
groups:
  - name: developers
    role: { name: eks-developers }
    members: [developer-mike]
    kubernetes:
      clusterRole: view
`;

function adminWorld() {
  const dir = tempDir();
  writeFileSync(join(dir, 'access.yaml'), ACCESS);
  const clock = new FixedClock('2026-01-02T03:04:05Z');
  const sts = new FakeStsGateway(clock);
  sts.identities.set(ADMIN.accessKeyId, {
    arn: 'arn:aws:iam::123456789012:user/admin',
    account: '123456789012',
    userId: 'AIDAADMIN',
  });
  const profiles: string[] = [];
  const eks = {
    describeCluster: async (name: string) => ({
      name,
      endpoint: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
      certificateAuthorityData: CA_DATA,
      authenticationMode: 'API_AND_CONFIG_MAP' as const,
    }),
  } as unknown as EksPort;
  const ctx = createTestContext({
    env: { HOME: dir },
    cwd: dir,
    clock,
    stsGateway: async () => sts,
    profileCredentials: async (request) => (profiles.push(request.profile), ADMIN),
    adminAws: async () => ({ iam: {} as IamPort, eks, yaml: { parse: JSON.parse, dump: JSON.stringify } }),
  });
  return { dir, ctx, sts, profiles };
}

describe('eks-login admin (in-process)', () => {
  it('admin bundle: DescribeCluster with the admin identity becomes a valid bundle file', async () => {
    const { dir, ctx, sts, profiles } = adminWorld();
    expect(await run(['admin', 'bundle', 'access.yaml', '--out', 'bundle.json'], ctx)).toBe(0);
    expect(profiles).toEqual(['default']);
    expect(sts.calls).toEqual([`GetCallerIdentity ${ADMIN.accessKeyId} https://sts.eu-west-1.amazonaws.com/`]);
    const bundle = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8'));
    expect(bundle).toMatchObject({
      apiVersion: 'eks-login/v1',
      kind: 'Bundle',
      name: 'acme',
      clusters: [
        {
          name: 'demo',
          region: 'eu-west-1',
          endpoint: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
          certificateAuthorityData: CA_DATA,
        },
      ],
      groups: [{ name: 'developers', roleArn: 'arn:aws:iam::123456789012:role/eks-developers' }],
    });
    expect(ctx.stderr.text).toContain('developers run `eks-login setup bundle.json`');
  });

  it('admin bundle -o FILE still writes the file for one minor version, with a deprecation warning on stderr', async () => {
    const { dir, ctx } = adminWorld();
    expect(await run(['admin', 'bundle', 'access.yaml', '-o', 'old.json'], ctx)).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'old.json'), 'utf8')).kind).toBe('Bundle');
    expect(ctx.stdout.text).toBe('');
    expect(ctx.stderr.text).toMatch(/^eks-login: warning: `admin bundle -o FILE` is deprecated: use --out FILE/);
    const quiet = adminWorld();
    expect(await run(['admin', 'bundle', 'access.yaml', '--out', 'new.json', '-o', 'json'], quiet.ctx)).toBe(0);
    expect(quiet.ctx.stderr.text).not.toContain('deprecated');
  });

  it('-o is the output format for the other admin actions: a file name there is refused before any AWS call', async () => {
    const { ctx, profiles } = adminWorld();
    expect(await run(['admin', 'plan', 'access.yaml', '-o', 'plan.json'], ctx)).toBe(2);
    expect(ctx.stderr.text).toContain('Invalid values');
    expect(profiles).toEqual([]);
  });

  it('admin apply without a terminal needs --yes: exit 2 before any AWS call', async () => {
    const { ctx, sts, profiles } = adminWorld();
    expect(await run(['admin', 'apply', 'access.yaml'], ctx)).toBe(2);
    expect(ctx.stderr.text).toContain('admin apply without a terminal needs --yes');
    expect(profiles).toEqual([]);
    expect(sts.calls).toEqual([]);
  });
});

describe('eks-login completion (in-process)', () => {
  it('completes context names from the kubeconfig and bundle names from the setup records', async () => {
    const w = await setUpMachine(tempDir());
    expect(await run(['--get-yargs-completions', 'eks-login', 'whoami', '--context', 'dev'], w.ctx)).toBe(0);
    expect(w.ctx.stdout.text).toBe('developers@demo\ndevelopers@prod\n');
    w.ctx.stdout.text = '';
    expect(await run(['--get-yargs-completions', 'eks-login', 'sync', '--bundle', ''], w.ctx)).toBe(0);
    expect(w.ctx.stdout.text).toBe('acme\n');
    expect(w.ctx.stderr.text).toBe('');
  });

  it('a broken kubeconfig completes nothing and says nothing', async () => {
    const w = await setUpMachine(tempDir());
    writeFileSync(w.kubeconfig, ': not yaml : [');
    expect(await run(['--get-yargs-completions', 'eks-login', 'whoami', '--context', ''], w.ctx)).toBe(0);
    expect(w.ctx.stdout.text).toBe('');
    expect(w.ctx.stderr.text).toBe('');
  });
});
