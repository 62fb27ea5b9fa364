// The session index logout reads: adding a session lists it once; adding it again unchanged writes nothing.
import { mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RoleSessionIndex } from '../../src/credentials/role-session/role-session-index.node.js';

describe('RoleSessionIndex', () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'eks-login-index-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists a session once and does not rewrite the file when it is added again unchanged', async () => {
    const index = new RoleSessionIndex(dir);
    const entry = {
      account: 'role-session/0123456789abcdef',
      roleArn: 'arn:aws:iam::123456789012:role/dev',
      bundle: 'acme',
      group: 'dev',
      expiration: '2025-01-02T04:00:00.000Z',
    };
    await index.add(entry);
    utimesSync(index.file, new Date(0), new Date(0));
    await index.add({ ...entry });
    expect(statSync(index.file).mtimeMs).toBe(0);
    await index.add({ ...entry, expiration: '2025-01-02T05:00:00.000Z' });
    expect(await index.list()).toEqual([{ ...entry, expiration: '2025-01-02T05:00:00.000Z' }]);
  });

  it('drops entries that expired when a session is added, and says which (their secrets go too)', async () => {
    const index = new RoleSessionIndex(dir);
    const now = new Date('2025-01-02T04:00:00.000Z');
    const entry = (account: string, expiration: string) => ({
      account,
      roleArn: 'arn:aws:iam::123456789012:role/dev',
      expiration,
    });
    await index.add(entry('role-session/old', '2025-01-02T03:00:00.000Z'), new Date('2025-01-02T02:00:00.000Z'));
    await index.add(entry('role-session/live', '2025-01-02T05:00:00.000Z'), new Date('2025-01-02T02:00:00.000Z'));
    expect(await index.add(entry('role-session/new', '2025-01-02T05:00:00.000Z'), now)).toEqual(['role-session/old']);
    expect((await index.list()).map((e) => e.account)).toEqual(['role-session/live', 'role-session/new']);
    // The already-listed shortcut also prunes when something expired meanwhile.
    expect(
      await index.add(entry('role-session/new', '2025-01-02T05:00:00.000Z'), new Date('2025-01-02T05:30:00.000Z')),
    ).toEqual(['role-session/live']);
  });
});
