// `eks-login sandbox`: runs the local STS + EKS stand-in (packages/sandbox, a repo checkout's build) until Ctrl-C,
// printing how to use it.
import { runSandbox } from '../../sandbox/wire.js';
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
    await runSandbox(ctx, { world: args.world, dir: args.dir });
  },
});
