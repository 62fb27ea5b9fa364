// `eks-login token` with the flags of the tools it replaces (aws eks get-token, aws-iam-authenticator token),
// as a real process. The warm bundles alone answer them: a copy of bin/ (the entry itself) + dist/hit.cjs, dispatch.cjs and presigner.cjs
// without the full CLI mints and serves the cache for every spelling (a spelling the fast path declined would
// fail there, importing a dist/main.js that is not in the copy). And the token is aws-cli's: same host, same
// query, same 14-minute expiry (byte for byte at a fixed time: test/cli/token-spellings.test.ts).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useExampleKeyHome } from '../support/example-key-home.js';
import { runCli, runProcess } from '../support/run-process.js';
import { requireTool } from '../support/tools.js';
import { verifyToken } from '../support/verifier.js';

const fixture = useExampleKeyHome('eks-login-spellings-');
const root = join(import.meta.dirname, '..', '..');

/** bin/eks-login with only the warm bundles (hit, dispatch) and the signer next to it. */
const warmOnly = mkdtempSync(join(tmpdir(), 'eks-login-warm-only-'));
mkdirSync(join(warmOnly, 'bin'));
mkdirSync(join(warmOnly, 'dist'));
for (const file of ['bin/eks-login', 'bin/package.json', 'dist/hit.cjs', 'dist/dispatch.cjs', 'dist/presigner.cjs'])
  copyFileSync(join(root, file), join(warmOnly, file));
afterAll(() => rmSync(warmOnly, { recursive: true, force: true }));
const WARM_BIN = join(warmOnly, 'bin', 'eks-login');

const SPELLINGS: Array<[string, string[]]> = [
  ['eks-login', ['--cluster', 'demo', '--region', 'eu-west-1']],
  ['aws eks get-token (update-kubeconfig)', ['--region', 'eu-west-1', '--cluster-name', 'demo', '--output', 'json']],
  ['aws eks get-token, --output=json', ['--cluster-name=demo', '--region=eu-west-1', '--output=json']],
  ['aws-iam-authenticator token', ['-i', 'demo', '--region', 'eu-west-1']],
  ['aws-iam-authenticator token, long form', ['--cluster-id', 'demo', '--region', 'eu-west-1']],
];

interface Credential {
  kind: string;
  apiVersion: string;
  status: { token: string; expirationTimestamp: string };
}
const credentialOf = (stdout: string): Credential => JSON.parse(stdout) as Credential;
const urlOf = (token: string): URL =>
  new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8'));
/** The URL without what changes with the clock (date and signature). */
const shapeOf = (token: string): string => {
  const url = urlOf(token);
  url.searchParams.delete('X-Amz-Date');
  url.searchParams.delete('X-Amz-Signature');
  return url.toString();
};
const minutesValid = (credential: Credential): number => {
  const date = urlOf(credential.status.token).searchParams.get('X-Amz-Date')!;
  const signed = Date.parse(
    `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
  );
  return (Date.parse(credential.status.expirationTimestamp) - signed) / 60_000;
};

describe('token with aws-cli and aws-iam-authenticator spellings (process)', () => {
  it.each(SPELLINGS)(
    '%s: the warm bundle alone mints, then serves the same cache entry to every spelling',
    async (_name, flags) => {
      const minted = await runCli(['token', ...flags], { env: fixture.env, bin: WARM_BIN });
      expect(minted).toMatchObject({ status: 0, stderr: '' });
      const credential = credentialOf(minted.stdout);
      expect(
        verifyToken(credential.status.token, {
          clusterId: 'demo',
          secrets: { AKIDEXAMPLE: fixture.env.AWS_SECRET_ACCESS_KEY! },
          now: new Date(),
        }),
      ).toMatchObject({ ok: true });
      for (const [, other] of SPELLINGS) {
        const hit = await runCli(['token', ...other], { env: fixture.env, bin: WARM_BIN });
        expect(hit).toMatchObject({ status: 0, stdout: minted.stdout, stderr: '' });
      }
    },
  );

  it('a spelling the warm path does not take reaches the full CLI (and fails in the warm-only copy)', async () => {
    const declined = await runCli(['token', '--cluster', 'demo', '--region', 'eu-west-1', '--debug'], {
      env: fixture.env,
      bin: WARM_BIN,
    });
    expect(declined.status).not.toBe(0);
    expect(declined.stdout).toBe('');
  });

  const aws = requireTool('aws-cli', 'aws', ['--version']);
  it.skipIf(!aws)("the token has aws eks get-token's host, query and expiry rule", async () => {
    const theirs = await runProcess(
      'aws',
      ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'demo', '--output', 'json'],
      {
        env: {
          ...fixture.env,
          PATH: process.env.PATH ?? '',
          AWS_CONFIG_FILE: join(fixture.home, 'no-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(fixture.home, 'no-credentials'),
        },
      },
    );
    expect(theirs).toMatchObject({ status: 0 });
    for (const [, flags] of SPELLINGS.slice(1)) {
      const ours = await runCli(['token', ...flags], {
        env: { ...fixture.env, XDG_CACHE_HOME: mkdtempSync(join(fixture.home, 'cache-')) },
      });
      expect(ours).toMatchObject({ status: 0, stderr: '' });
      const [a, b] = [credentialOf(theirs.stdout), credentialOf(ours.stdout)];
      expect(b).toMatchObject({ kind: a.kind, apiVersion: a.apiVersion });
      expect(shapeOf(b.status.token)).toBe(shapeOf(a.status.token));
      expect(urlOf(b.status.token).host).toBe('sts.eu-west-1.amazonaws.com');
      expect(minutesValid(b)).toBe(14);
      expect(minutesValid(a)).toBe(14);
    }
  });
});
