// `eks-login bundle validate <file>`: the checks setup runs on a bundle, for admins before they share it.
import { resolve } from 'node:path';
import { invalidBundleError } from '../../bundle/parse.js';
import { defineCommand } from '../command.js';
import { outputOption } from '../options.js';

export const bundleCommand = defineCommand({
  command: 'bundle <action> <file>',
  describe: 'Check an admin bundle (the JSON that `setup` reads)',
  builder: (y) =>
    y
      .positional('action', {
        choices: ['validate'] as const,
        describe: 'validate: report every problem with its JSON path',
        demandOption: true,
      })
      .positional('file', { type: 'string', describe: 'The bundle JSON file', demandOption: true })
      .option('output', outputOption('json: {"valid", "problems": [{"path", "message"}]} on stdout'))
      .example('$0 bundle validate acme.json', 'Check acme.json; exit 3 listing every problem')
      .example('$0 bundle validate acme.json --output json', 'Machine-readable result for CI'),
  handler: async (args, ctx) => {
    const { checkBundleFile } = await import('../../bundle/bundle-file.node.js');
    const file = resolve(ctx.cwd, args.file);
    const { bundle, problems } = await checkBundleFile(file);
    if (args.output === 'json') {
      ctx.stdout.write(`${JSON.stringify({ valid: problems.length === 0, file, problems }, null, 2)}\n`);
      return problems.length === 0 ? 0 : 3;
    }
    if (!bundle) throw invalidBundleError(args.file, problems);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const groups = bundle.groups
      .map(
        (g) =>
          `${g.name} (${plural(g.clusters?.length ?? bundle.clusters.length, 'cluster')}${g.sso ? ', IAM Identity Center' : ''})`,
      )
      .join(', ');
    ctx.stdout.write(
      `${args.file}: valid bundle ${bundle.name}: ${plural(bundle.clusters.length, 'cluster')}; groups ${groups}\n`,
    );
    return 0;
  },
});
