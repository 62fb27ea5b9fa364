// `eks-login sandbox`: runs the local STS + EKS stand-in (packages/sandbox, a repo checkout's build) until Ctrl-C,
// printing how to use it.
import { basename } from 'node:path';
import { defineCommand } from '../command.js';

interface SandboxArgs {
  world?: string;
  dir?: string;
}

export const sandboxCommand = defineCommand<SandboxArgs>({
  command: 'sandbox',
  describe: 'Run a local EKS sandbox (STS + EKS API emulators) to try eks-login without AWS (from a repo checkout)',
  // The published package leaves the sandbox out: its help does not offer what it cannot run.
  hidden: (ctx) => !ctx.sandboxInstalled(),
  builder: (y) =>
    y
      .option('world', {
        type: 'string',
        describe:
          'World file (YAML): account, IAM users and roles, clusters, aws-auth, RBAC (default: the built-in story; see docs/sandbox.md)',
      })
      .option('dir', {
        type: 'string',
        describe:
          'Working directory for bundle.json, ca.pem, env files and sandbox.log (default: a temporary directory removed on exit)',
      })
      .example('$0 sandbox', 'Start the default world (developer-mike, admin-oliver, cluster demo)')
      .example(
        '$0 sandbox --world my-world.yaml --dir ./sandbox',
        'Start your own world and keep its files in ./sandbox',
      ),
  handler: async (args, ctx) => {
    // Listen first: a signal during start-up or right after "Ctrl-C stops the sandbox" still stops it cleanly.
    const stopped = new Promise<NodeJS.Signals>((done) => {
      process.once('SIGINT', () => done('SIGINT'));
      process.once('SIGTERM', () => done('SIGTERM'));
    });
    const { loadSandboxBuild } = await import('../../sandbox/sandbox-build.node.js');
    const { startSandbox, userEnvFile, usageText } = await loadSandboxBuild();
    const { resolveExecCommand } = await import('../../kubeconfig/exec-command.node.js');
    const { resolve, join } = await import('node:path');
    const sandbox = await startSandbox({
      ...(args.world ? { world: resolve(ctx.cwd, args.world) } : {}),
      ...(args.dir ? { dir: resolve(ctx.cwd, args.dir) } : {}),
      clock: ctx.clock,
      log: (line) => ctx.stderr.write(`${line}\n`),
    });
    ctx.stdout.write(
      usageText({
        world: sandbox.world,
        worldName: args.world ? basename(args.world) : 'built-in (docs/sandbox.md)',
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
    return 0;
  },
});
