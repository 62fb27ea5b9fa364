// The composition root: the home directory is asked for once and every root derives from it, so a test
// (or a process without HOME) swaps it in one place; the profile files, the caches and the kubeconfig follow.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../src/container/container.js';
import { platformOf } from '../../src/kernel/platform.js';
import { run } from '../../src/cli/run.js';
import { BufferSink, createTestContext, FixedClock, MemoryLogger } from '../support/fakes.js';
import { useTempDirs } from '../support/temp-dir.js';

const tempDir = useTempDirs();

describe('services (the composition root)', () => {
  it('without HOME, a replaced home() decides the AWS profile files, the token cache and the kubeconfig', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.aws'));
    writeFileSync(join(dir, '.aws', 'config'), '[profile dev]\nregion = ap-south-1\n');
    let asked = 0;
    const profiles: string[] = [];
    const ctx = createTestContext({
      env: { AWS_PROFILE: 'dev' },
      home: () => (asked++, dir),
      profileCredentials: async (request) => (
        profiles.push(`${request.profile} ${request.region}`),
        { accessKeyId: 'AKIAPROFILEEXAMPLE01', secretAccessKey: 'x' }
      ),
    });
    expect(await run(['token', '--cluster', 'demo'], ctx)).toBe(0);
    expect(profiles).toEqual(['dev ap-south-1']);
    const token = JSON.parse(ctx.stdout.text).status.token as string;
    expect(Buffer.from(token.slice(token.indexOf('.') + 1), 'base64url').toString('utf8')).toMatch(
      /^https:\/\/sts\.ap-south-1\.amazonaws\.com\//,
    );
    expect(readdirSync(join(dir, '.cache', 'eks-login')).some((f) => f.endsWith('.json'))).toBe(true);
    expect(ctx.kubeconfigLocation().paths).toEqual([join(dir, '.kube', 'config')]);
    expect(ctx.paths.setupsDir).toBe(join(dir, '.config', 'eks-login', 'bundles'));
    expect(asked).toBeGreaterThan(0);
  });

  it('the paths derive from HOME, or from the XDG variables of derived services, without creating anything', () => {
    const dir = tempDir();
    const edges = {
      env: { HOME: dir },
      cwd: dir,
      stdout: new BufferSink(),
      stderr: new BufferSink(),
      clock: new FixedClock('2026-01-02T03:04:05Z'),
      logger: new MemoryLogger(),
      isInteractiveTerminal: false,
      stdoutIsTerminal: false,
      readStdin: async () => null,
      script: 'eks-login',
      pid: 1,
      platform: platformOf('linux'),
      signal: () => new AbortController().signal,
    };
    const services = createServices(edges);
    expect(services.paths.cacheDir).toBe(`${dir}/.cache/eks-login`);
    expect(services.home()).toBe(services.home());
    expect(
      services.with({ env: { XDG_CONFIG_HOME: join(dir, 'c'), XDG_CACHE_HOME: join(dir, 'k') } }).paths.setupsDir,
    ).toBe(`${join(dir, 'c')}/eks-login/bundles`);
    expect(existsSync(join(dir, '.cache'))).toBe(false);
  });
});
