// The real kubectl runs the built eks-login as its exec credential plugin against a local HTTPS API stub
// that accepts only tokens the independent verifier approves (exec API v1 and v1beta1), and shows a
// failing plugin's stderr and exit code to the user.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type ProcessResult, runProcess } from '../support/run-process.js';
import { makeTestTls } from '../support/test-tls.js';
import { startTokenApiStub, type TokenApiStub } from '../support/token-api-stub.js';
import { createHome } from '../support/home.js';
import { hasKubectl, hasOpenssl } from '../support/tools.js';

const ready = hasKubectl() && hasOpenssl();
const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

describe.skipIf(!ready)('kubectl with eks-login as exec plugin', () => {
  let stub: TokenApiStub;
  let home: string;
  let caData: string;

  beforeAll(async () => {
    const tls = makeTestTls();
    caData = Buffer.from(tls.caPem).toString('base64');
    stub = await startTokenApiStub(tls, { clusterId: 'demo', secrets: { AKIDEXAMPLE: secret } });
    home = createHome({ prefix: 'eks-login-kubectl-' }).dir;
  });
  afterAll(async () => {
    await stub?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  function kubeconfig(name: string, apiVersion: string, args: string[], interactiveMode?: string): string {
    const path = join(home, `${name}.yaml`);
    const exec = [
      `      apiVersion: ${apiVersion}`,
      `      command: ${JSON.stringify(BIN)}`,
      `      args: ${JSON.stringify(args)}`,
      ...(interactiveMode ? [`      interactiveMode: ${interactiveMode}`] : []),
      '      provideClusterInfo: false',
    ];
    writeFileSync(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: demo',
        'clusters:',
        '- name: demo',
        '  cluster:',
        `    server: ${stub.url}`,
        `    certificate-authority-data: ${caData}`,
        'contexts:',
        '- name: demo',
        '  context: {cluster: demo, user: dev}',
        'users:',
        '- name: dev',
        '  user:',
        '    exec:',
        ...exec,
        '',
      ].join('\n'),
    );
    return path;
  }

  function kubectl(config: string, cacheName: string): Promise<ProcessResult> {
    const env = {
      PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
      HOME: home,
      XDG_CACHE_HOME: join(home, cacheName),
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: secret,
      AWS_CONFIG_FILE: join(home, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
    };
    return runProcess('kubectl', ['--kubeconfig', config, 'get', '--raw', '/api/v1/namespaces/default/pods'], { env });
  }

  const tokenArgs = ['token', '--cluster', 'demo', '--region', 'eu-west-1'];

  it.each([
    ['client.authentication.k8s.io/v1', 'Never'],
    ['client.authentication.k8s.io/v1beta1', undefined],
  ])('exec %s: the verifier-approved token lists pods', async (apiVersion, mode) => {
    const before = stub.verdicts.length;
    const result = await kubectl(
      kubeconfig(apiVersion.split('/')[1]!, apiVersion, tokenArgs, mode),
      `cache-${apiVersion.split('/')[1]}`,
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'PodList' });
    const verdicts = stub.verdicts.slice(before);
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.every((v) => v.ok)).toBe(true);
    const warm = await kubectl(
      kubeconfig(apiVersion.split('/')[1]!, apiVersion, tokenArgs, mode),
      `cache-${apiVersion.split('/')[1]}`,
    );
    expect(warm.status).toBe(0);
  });

  it('a token signed for another cluster id is refused by the stub (Unauthorized)', async () => {
    const result = await kubectl(
      kubeconfig('other', 'client.authentication.k8s.io/v1beta1', [
        'token',
        '--cluster',
        'other',
        '--region',
        'eu-west-1',
      ]),
      'cache-other',
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Unauthorized|must be logged in/);
    expect(stub.verdicts.at(-1)).toMatchObject({ ok: false, reason: 'signature mismatch' });
  });

  it("a failing plugin's stderr and exit code reach the user", async () => {
    const result = await kubectl(
      kubeconfig('fail', 'client.authentication.k8s.io/v1', ['token', '--cluster', 'demo'], 'Never'),
      'cache-fail',
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('eks-login: no AWS region known');
    expect(result.stderr).toContain('hint: pass --region');
    expect(result.stderr).toMatch(/exit code 2/);
  });
});
