// `eks-login token` in-process through run() with the composition root's fakes: the fake STS gets the
// AssumeRole, stdout is exactly one ExecCredential, the second call is a cache hit.
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { AccessDeniedError } from '../../src/kernel/errors.js';
import { MIKE } from '../support/setup-world.js';
import { useTempDirs } from '../support/temp-dir.js';
import { DEVELOPERS_ROLE, setUpMachine } from './machine.js';

const tempDir = useTempDirs();
const TOKEN_ARGS = [
  'token',
  '--cluster',
  'demo',
  '--region',
  'eu-west-1',
  '--role-arn',
  DEVELOPERS_ROLE,
  '--bundle',
  'acme',
  '--group',
  'developers',
];

describe('eks-login token (in-process)', () => {
  it('assumes the group role with the stored key and prints one ExecCredential; the next call is served from the cache', async () => {
    const w = await setUpMachine(tempDir());
    expect(await run(TOKEN_ARGS, w.ctx)).toBe(0);
    expect(w.sts.calls).toEqual([
      `AssumeRole ${MIKE.accessKeyId} ${DEVELOPERS_ROLE} https://sts.eu-west-1.amazonaws.com/`,
    ]);
    expect(w.sts.assumeRoleRequests[0]).toMatchObject({ roleSessionName: 'developer-mike', durationSeconds: 3600 });
    const lines = w.ctx.stdout.text.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    const credential = JSON.parse(lines[0]!);
    expect(credential).toMatchObject({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1' });
    expect(credential.status.token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    // The token is signed by the assumed role's session (setup's check got ASIAFAKE…1), not by the stored key.
    const url = Buffer.from(credential.status.token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8');
    expect(url).toContain('X-Amz-Credential=ASIAFAKE000000000002%2F20260102%2Feu-west-1%2Fsts%2Faws4_request');
    expect(w.ctx.stdout.text).not.toContain(MIKE.secretAccessKey);

    w.ctx.stdout.text = '';
    expect(await run(TOKEN_ARGS, w.ctx)).toBe(0);
    expect(w.sts.calls).toHaveLength(1);
    expect(JSON.parse(w.ctx.stdout.text).status.token).toBe(credential.status.token);
  });

  it('a denied role is exit 5 with nothing on stdout', async () => {
    const ok = await setUpMachine(tempDir());
    ok.sts.failures.push(new AccessDeniedError(`assuming role ${DEVELOPERS_ROLE}: access denied`));
    expect(await run(TOKEN_ARGS, ok.ctx)).toBe(5);
    expect(ok.ctx.stdout.text).toBe('');
    expect(ok.ctx.stderr.text).toContain(`eks-login: assuming role ${DEVELOPERS_ROLE}: access denied`);
  });

  it('--debug names the source that signs and the ones skipped, on stderr', async () => {
    const w = await setUpMachine(tempDir());
    const ctx = w.ctx.with({ env: { ...w.ctx.env, AWS_PROFILE: 'dev' } });
    expect(await run([...TOKEN_ARGS, '--debug'], ctx)).toBe(0);
    expect(ctx.stderr.text).toContain(
      'source skipped: AWS_PROFILE=dev not used (setup record of bundle acme: access key stored by setup',
    );
    expect(JSON.parse(ctx.stdout.text).kind).toBe('ExecCredential');
  });
});
