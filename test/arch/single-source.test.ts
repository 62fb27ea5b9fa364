// One source of truth each (issue 12): knowledge that used to be copied lives in one file, and the
// independent test verifier stays independent of production code.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Product sources: src/ and the workspace packages (the sandbox). */
const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'packages'))].map((path) => ({
  path: relative(root, path),
  text: readFileSync(path, 'utf8'),
}));

const holders = (pattern: RegExp): string[] => files.filter((f) => pattern.test(f.text)).map((f) => f.path);

describe('one source of truth each', () => {
  it('the token prefix is spelled once and decoded by one parser', () => {
    expect(holders(/['"]k8s-aws-v1\.['"]/)).toEqual(['src/token/constants.ts']);
    expect(holders(/\batob\(\s*(body|token)/)).toEqual(['src/token/parse-token.ts']);
  });

  it('the platform is read in the composition roots only; every rule that depends on it is in kernel/platform.ts', () => {
    expect(
      holders(/\b(process|proc)\.platform\b/)
        .filter((f) => f.startsWith('src/'))
        .sort(),
    ).toEqual(['src/container/node-edges.ts', 'src/token-lane/warm-paths.ts']);
    expect(
      holders(/['"](win32|darwin)['"]/)
        .filter((f) => f.startsWith('src/'))
        .sort(),
    ).toEqual(['src/kernel/platform.ts']);
  });

  it('one FNV-1a (over UTF-8 bytes) names every cache key', () => {
    expect(holders(/cbf29ce484222325/i)).toEqual(['src/kernel/hash.ts']);
  });

  it('one atomic writer (temp file, fsync, rename, directory fsync) and one pid-alive check', () => {
    expect(holders(/\brename(Sync)?\(/)).toEqual(['src/infra/fs/atomic-file.ts']);
    expect(holders(/\.eks-login-\$\{process\.pid\}/)).toEqual([]); // temp names come from atomic-file's tempPathFor
    expect(holders(/process\.kill\([^,)]+,\s*0\)/)).toEqual(['src/infra/fs/process-alive.ts']);
  });

  it('every AWS SDK client takes its options from the one factory; the active profile is decided by one rule', () => {
    const src = (pattern: RegExp) => holders(pattern).filter((f) => f.startsWith('src/'));
    expect(src(/\bmaxAttempts\b/)).toEqual(['src/infra/aws/sdk-client.ts']);
    expect(src(/\bcreateSdkRequestHandler\(/).sort()).toEqual([
      'src/infra/aws/sdk-client.ts',
      'src/infra/http/sdk-handler.ts',
    ]);
    expect(src(/AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED/)).toEqual(['src/container/sdk-process.ts']);
    // new XClient(sdk.config(…)) or new XClient({ ...sdk.config(…), … }): nothing else builds a client.
    const clients = files
      .filter((f) => f.path.startsWith('src/'))
      .flatMap((f) => [...f.text.matchAll(/new \w+Client\(([^)]{0,40})/g)].map((m) => `${f.path}: ${m[1]}`));
    expect(clients.length).toBeGreaterThanOrEqual(6);
    expect(clients.filter((c) => !/: (\{\s*\.\.\.)?\w+\.config\(/.test(c))).toEqual([]);
    expect(src(/AWS_PROFILE\?\.trim\(\)\s*\|\|\s*'default'/)).toEqual(['src/aws/active-profile.ts']);
    // No adapter reads settings from process.env (the composition root hands them the env). The keychain's D-Bus
    // probe and child process are the secret store's own edge.
    const codeReads = src(/^(?!\s*(\/\/|\*)).*\bprocess\.env\b/m).filter(
      (f) => (f.startsWith('src/infra/') || f.endsWith('.node.ts')) && !f.startsWith('src/infra/secrets/'),
    );
    expect(codeReads).toEqual([]);
    // Nothing writes process.env: what the SDK needs of the process is decided once, by the composition root
    // (container/sdk-process.ts, given the process's env by container/node-edges.ts).
    expect(src(/\bprocess\.env(\.\w+|\[[^\]]*\])\s*(\?\?|\|\||&&)?=(?!=)|Object\.assign\(\s*process\.env\b/)).toEqual(
      [],
    );
    expect(src(/\bObject\.assign\(processEnv,/)).toEqual(['src/container/sdk-process.ts']);
  });

  it('MFA_NEEDS_TERMINAL is built by one function', () => {
    expect(holders(/'MFA_NEEDS_TERMINAL'/)).toEqual(['src/credentials/role-session/mfa-needs-terminal.ts']);
  });

  it('SigV4 is computed by the production signer (smithy) and checked in two places only: the sandbox STS and the test verifier', () => {
    // The CLI never hand-writes SigV4 (token/sigv4-presigner.node.ts wraps @smithy/signature-v4); the sandbox's
    // sigv4.ts is its STS's check (totp.ts is RFC 6238, not SigV4); test/support/verifier.ts is the independent one.
    expect(holders(/createHmac\(/)).toEqual(['packages/sandbox/src/sigv4.ts', 'packages/sandbox/src/totp.ts']);
  });

  it('test/support/verifier.ts, the independent verifier, imports no product code', () => {
    const text = readFileSync(join(root, 'test', 'support', 'verifier.ts'), 'utf8');
    const specifiers = [...text.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    expect(specifiers.filter((s) => !s.startsWith('node:'))).toEqual([]);
  });
});
