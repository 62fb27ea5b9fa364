// `eks-login sandbox`, run: the sandbox build of a repo checkout (sandbox-build.node.ts) started with
// the command's clock and log, its usage text on stdout, then stopped at Ctrl-C or SIGTERM (exit 0).
import { basename, join, resolve } from 'node:path';
import type { Services } from '../services/services.js';

export async function runSandbox(
  ctx: Services,
  input: { world?: string | undefined; dir?: string | undefined },
): Promise<void> {
  // Listen first: a signal during start-up or right after "Ctrl-C stops the sandbox" still stops it cleanly.
  const stopped = new Promise<NodeJS.Signals>((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
  const [{ loadSandboxBuild }, { resolveExecCommand }] = await Promise.all([
    import('./sandbox-build.node.js'),
    import('../kubeconfig/exec-command.node.js'),
  ]);
  const { startSandbox, userEnvFile, usageText } = await loadSandboxBuild();
  const sandbox = await startSandbox({
    ...(input.world ? { world: resolve(ctx.cwd, input.world) } : {}),
    ...(input.dir ? { dir: resolve(ctx.cwd, input.dir) } : {}),
    clock: ctx.clock,
    log: (line) => ctx.stderr.write(`${line}\n`),
  });
  ctx.stdout.write(
    usageText({
      world: sandbox.world,
      worldName: input.world ? basename(input.world) : 'built-in (docs/sandbox.md)',
      dir: sandbox.dir,
      ssoEndpoint: sandbox.ssoEndpoint,
      stsEndpoint: sandbox.stsEndpoint,
      clusters: sandbox.clusters,
      bundlePath: sandbox.bundlePath,
      bundleUrl: sandbox.bundleUrl,
      bundleV2Path: sandbox.bundleV2Path,
      caFile: sandbox.caFile,
      envFile: join(sandbox.dir, 'sandbox.env'),
      userEnvFile: (user) => userEnvFile(sandbox.dir, user),
      command: resolveExecCommand(ctx.env.PATH, ctx.script, ctx.cwd, ctx.platform, ctx.env.PATHEXT),
    }),
  );
  const signal = await stopped;
  ctx.stderr.write(`eks-login sandbox: ${signal}, stopping\n`);
  await sandbox.stop();
}
