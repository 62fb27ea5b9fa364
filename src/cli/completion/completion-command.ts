// `eks-login completion bash|zsh|fish`: prints the completion script of the shell named. Without a shell (the
// form of earlier versions, kept because the contract shows the argument as optional) it prints the script for
// $SHELL's shell, bash when that is none of the three, and says on stderr to name the shell.
import { defineCommand } from '../command.js';
import { COMPLETION_SCRIPTS, SHELLS, type Shell } from './scripts.js';

export const completionCommand = defineCommand<{ shell?: Shell | undefined }>({
  command: 'completion [shell]',
  describe: 'Print the shell completion script for bash, zsh or fish',
  builder: (y) =>
    y
      .positional('shell', { choices: SHELLS, describe: 'The shell to complete in' })
      .example(
        'source <(eks-login completion bash)',
        'Complete eks-login commands, flags, contexts and bundles in this bash',
      )
      .example('eks-login completion bash >> ~/.bashrc', 'The same for every new bash')
      .example('eks-login completion zsh >> ~/.zshrc', 'zsh (with or without compinit)')
      .example('eks-login completion fish > ~/.config/fish/completions/eks-login.fish', 'fish'),
  handler: async (args, ctx) => {
    let shell = args.shell;
    if (shell === undefined) {
      const login = (ctx.env.SHELL ?? '').split('/').pop() ?? '';
      shell = (SHELLS as readonly string[]).includes(login) ? (login as Shell) : 'bash';
      ctx.logger.warn(
        `no shell named: printing the ${shell} script${login === shell ? ' (from $SHELL)' : ''}; name it, as in \`eks-login completion ${shell}\` (bash, zsh or fish)`,
      );
    }
    ctx.stdout.write(COMPLETION_SCRIPTS[shell]);
  },
});
