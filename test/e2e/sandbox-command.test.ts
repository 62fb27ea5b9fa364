// `eks-login sandbox` as a process: prints how to use it, serves, and stops cleanly on SIGINT/SIGTERM.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../packages/sandbox/src/index.js';
import { runCli, startCli } from '../support/run-process.js';

function portOpen(port: number): Promise<boolean> {
  return new Promise((done) =>
    connect(port, '127.0.0.1')
      .on('connect', function (this: import('node:net').Socket) {
        this.destroy();
        done(true);
      })
      .on('error', () => done(false)),
  );
}

describe('eks-login sandbox', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`prints endpoints and setup commands, then stops on ${signal}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'eks-login-sbcmd-'));
      try {
        const t0 = performance.now();
        const sandbox = startCli(['sandbox', '--dir', join(dir, 'sb')]);
        await sandbox.waitFor('stdout', /Ctrl-C stops the sandbox/, 20_000);
        const startup = performance.now() - t0;
        const stdout = sandbox.stdout();
        expect(stdout).toContain('eks-login sandbox is running');
        expect(stdout).toMatch(/eks-login setup \S+bundle\.json --group developers --from-env/);
        expect(stdout).toContain('groups add up');
        expect(stdout).toMatch(/bundle URL  https:\/\/127\.0\.0\.1:\d+\/bundle\.json/);
        expect(stdout).not.toMatch(/AWS_SECRET_ACCESS_KEY=/);
        const port = Number(/STS\s+https:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)![1]);
        expect(await portOpen(port)).toBe(true);
        const bundle = JSON.parse(readFileSync(join(dir, 'sb', 'bundle.json'), 'utf8'));
        expect(bundle).toMatchObject({
          apiVersion: 'eks-login/v1',
          kind: 'Bundle',
          name: 'sandbox',
          clusters: [{ name: 'demo', region: 'eu-west-1' }],
        });
        sandbox.child.kill(signal);
        expect(await sandbox.done).toMatchObject({ status: 0 });
        expect(await portOpen(port)).toBe(false);
        expect(existsSync(join(dir, 'sb', 'sandbox.log'))).toBe(true);
        console.log(`eks-login sandbox: ready after ${Math.round(startup)} ms (process start included)`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('writes bundles that eks-login bundle validate accepts, for the built-in world and a two-cluster world', async () => {
    for (const world of [undefined, join(import.meta.dirname, '..', 'fixtures', 'worlds', 'two-clusters.yaml')]) {
      const sb = await startSandbox(world ? { world } : {});
      try {
        const r = await runCli(['bundle', 'validate', sb.bundlePath], { env: { HOME: sb.dir } });
        expect(r).toMatchObject({ status: 0 });
      } finally {
        await sb.stop();
      }
    }
  });

  it('an invalid world file is exit 3 with the world error and its hint (the sandbox build reports it to the CLI)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-login-sbcmd-'));
    try {
      writeFileSync(join(dir, 'bad.yaml'), 'account: 12\n');
      const r = await runCli(['sandbox', '--world', join(dir, 'bad.yaml'), '--dir', join(dir, 'sb')], {
        env: { HOME: dir },
      });
      expect(r).toMatchObject({ status: 3, stdout: '' });
      expect(r.stderr).toContain('eks-login: invalid world file');
      expect(r.stderr).toContain('hint: see docs/sandbox.md, "Writing a world"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
