// 20 kubectl-started plugin processes on a cold cache: exactly one AssumeRole (counted by moto), every
// process prints a valid ExecCredential signed with that one role session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, type Moto } from '../support/moto.js';
import { createCredentialsHome, testBundle, type CredentialsHome } from '../support/credentials-home.js';
import { runCli } from '../support/run-process.js';
import { hasMoto } from '../support/tools.js';

describe.skipIf(!hasMoto())('stampede', () => {
  let moto: Moto;
  let home: CredentialsHome;
  beforeAll(async () => {
    moto = await startMoto();
    home = createCredentialsHome({
      AWS_ENDPOINT_URL_STS: moto.endpoint,
      KUBERNETES_EXEC_INFO:
        '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","spec":{"interactive":false}}',
    });
    home.setUp(
      testBundle([{ name: 'developers', roleArn: moto.roles.developers! }]),
      moto.users['developer-mike']!,
      'developers',
    );
  });
  afterAll(async () => {
    home?.remove();
    await moto?.stop();
  });

  it('20 processes at once on a cold cache cause exactly one AssumeRole', async () => {
    const before = await moto.assumeRoleCount();
    const started = Date.now();
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runCli(
          [
            'token',
            '--cluster',
            i % 2 ? 'demo' : 'prod',
            '--region',
            'us-east-1',
            '--role-arn',
            moto.roles.developers!,
            '--bundle',
            'acme',
            '--group',
            'developers',
          ],
          { env: home.env },
        ),
      ),
    );
    const elapsed = Date.now() - started;
    for (const run of runs) {
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
    }
    expect(await moto.assumeRoleCount()).toBe(before + 1);
    const [session] = (await moto.assumedRoles()).slice(before);
    const keys = new Set(
      runs.map((r) => {
        const token = (JSON.parse(r.stdout) as { status: { token: string } }).status.token;
        return new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString()).searchParams
          .get('X-Amz-Credential')!
          .split('/')[0];
      }),
    );
    expect([...keys]).toEqual([session!.access_key_id]);
    console.log(`stampede: 20 processes in ${elapsed} ms, ${(await moto.assumeRoleCount()) - before} AssumeRole`);
  }, 60_000);
});
