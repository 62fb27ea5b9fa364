// admin plan/apply --kube-context: a kubeconfig context is one cluster's API, so an access file of several
// clusters is refused (exit 2, naming them) before any credential, STS or AWS adapter is asked for; otherwise
// plan would read (and apply write) one cluster's RBAC and aws-auth as every cluster's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { createTestContext } from '../support/fakes.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();
const ACCESS = `apiVersion: eks-login/v1
kind: Access
name: acme
clusters:
  - { name: demo, region: eu-west-1 }
  - { name: legacy, region: eu-west-1, mapping: aws-auth }
groups:
  - name: developers
    role: { name: developers }
    members: [developer-mike]
    kubernetes:
      rules: [ { apiGroups: [""], resources: [pods], verbs: [get, list] } ]
`;

function world() {
  const dir = tempDir();
  writeFileSync(join(dir, 'access.yaml'), ACCESS);
  const asked: string[] = [];
  const refuse = (what: string) => async () => {
    asked.push(what);
    throw new Error(`asked for ${what}`);
  };
  const ctx = createTestContext({
    env: { HOME: dir },
    cwd: dir,
    stsGateway: refuse('sts'),
    profileCredentials: refuse('credentials'),
    adminAws: refuse('adminAws'),
  });
  return { ctx, asked };
}

describe('eks-login admin --kube-context with several clusters (in-process)', () => {
  it.each(['plan', 'apply'])('%s: exit 2 naming the clusters, before any AWS adapter', async (action) => {
    const w = world();
    const yes = action === 'apply' ? ['--yes'] : [];
    expect(await run(['admin', action, 'access.yaml', '--kube-context', 'admins@demo', ...yes], w.ctx)).toBe(2);
    expect(w.ctx.stdout.text).toBe('');
    expect(w.ctx.stderr.text).toContain(
      `admin ${action}: --kube-context admins@demo reaches one cluster, but access.yaml names 2 (demo, legacy)`,
    );
    expect(w.ctx.stderr.text).toContain('hint: leave out --kube-context');
    expect(w.asked).toEqual([]);
  });

  it('without --kube-context the same plan goes on to the admin credentials', async () => {
    const w = world();
    expect(await run(['admin', 'plan', 'access.yaml'], w.ctx)).not.toBe(2);
    expect(w.asked[0]).toBe('credentials');
  });
});
