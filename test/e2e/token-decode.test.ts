// `eks-login token --decode` as a real process: the golden token, a round trip through a freshly minted
// ExecCredential on stdin, JSON output, and malformed input (exit 3, nothing on stdout).
import { describe, expect, it } from 'vitest';
import { GOLDEN_TOKEN } from '../fixtures/golden-token.js';
import { useExampleKeyHome } from '../support/example-key-home.js';
import { runCli } from '../support/run-process.js';

const fixture = useExampleKeyHome('eks-login-decode-');

describe('eks-login token --decode (process)', () => {
  it('decodes the golden token given as an argument', async () => {
    const run = await runCli(['token', '--decode', GOLDEN_TOKEN], { env: fixture.env });
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toContain('EKS token (k8s-aws-v1, 481 characters)');
    expect(run.stdout).toContain('  STS host       sts.eu-west-1.amazonaws.com');
    expect(run.stdout).toContain('  access key id  *******MPLE');
    expect(run.stdout).toContain('signed at      2025-01-02T03:04:05Z');
    expect(run.stdout).toMatch(/valid until    2025-01-02T03:19:05Z \(expired .* ago\)/);
    expect(run.stdout).not.toContain('AKIDEXAMPLE');
  });

  it('round trip: the ExecCredential `token` prints, piped into `token --decode -`', async () => {
    const minted = await runCli(['token', '--cluster', 'demo', '--region', 'eu-west-1', '--no-cache'], {
      env: fixture.env,
    });
    expect(minted.status).toBe(0);
    const run = await runCli(['token', '--decode', '-', '-o', 'json'], { env: fixture.env, stdin: minted.stdout });
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const decoded = JSON.parse(run.stdout) as Record<string, unknown>;
    const { token } = (JSON.parse(minted.stdout) as { status: { token: string } }).status;
    expect(decoded).toMatchObject({
      length: token.length,
      stsHost: 'sts.eu-west-1.amazonaws.com',
      hostRegion: 'eu-west-1',
      signingRegion: 'eu-west-1',
      accessKeyId: '*******MPLE',
      sessionToken: false,
      clusterIdSigned: true,
      expired: false,
      presignExpiresSeconds: 60,
    });
    expect(decoded.remainingSeconds).toBeGreaterThan(14 * 60);
    expect(decoded.remainingSeconds).toBeLessThanOrEqual(15 * 60);
    expect(run.stdout).not.toContain(token.slice(11, 60));
  });

  it('a malformed token is exit 3 with what is wrong, nothing on stdout', async () => {
    const run = await runCli(['token', '--decode', 'k8s-aws-v1.ZnRwOi8vc3RzLmFtYXpvbmF3cy5jb20v'], {
      env: fixture.env,
    });
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^eks-login: token is malformed: the URL scheme is "ftp", not https\n {2}hint: /);
  });

  it('nothing piped is exit 3 (no token given); token without --cluster is still a usage error', async () => {
    expect(await runCli(['token', '--decode'], { env: fixture.env })).toMatchObject({
      status: 3,
      stdout: '',
      stderr: expect.stringContaining('no token given'),
    });
    expect(await runCli(['token'], { env: fixture.env })).toMatchObject({
      status: 2,
      stdout: '',
      stderr: expect.stringContaining('--cluster'),
    });
    expect(await runCli(['token', 'stray', '--cluster', 'demo'], { env: fixture.env })).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('only --decode takes a token'),
    });
  });
});
