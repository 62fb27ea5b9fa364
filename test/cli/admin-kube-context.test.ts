// admin plan/apply --kube-context: a kubeconfig context is one cluster's API, so an access file of several
// clusters is refused (exit 2, naming them) before any credential, STS or AWS adapter is asked for; otherwise
// plan would read (and apply write) one cluster's RBAC and aws-auth as every cluster's.
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { offlineAdminWorld } from '../support/admin-offline.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();
const world = () => offlineAdminWorld(tempDir());

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
