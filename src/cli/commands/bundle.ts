// `eks-login bundle validate <file>`: the checks setup runs on a bundle, for admins before they share it.
import { validateBundleFile } from '../../bundle/wire.js';
import { defineCommand } from '../command.js';
import { emit } from '../emit.js';
import { inCwd } from '../in-cwd.js';
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
    const input = { file: args.file, path: inCwd(ctx.cwd, args.file), output: args.output };
    emit(ctx, await validateBundleFile(input));
  },
});
