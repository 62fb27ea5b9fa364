// `eks-login logout [--context C | --all] [--forget-keys] [--remove-contexts]`: removes cached role sessions
// and tokens (with --forget-keys the stored access key, with --remove-contexts the kubeconfig entries setup
// wrote). Thin: targets → core logout → summary.
import { defineCommand } from '../command.js';
import { emit } from '../emit.js';
import { logOut } from '../../session/wire.js';
import { contextOption, kubeconfigOption } from '../options.js';

interface LogoutArgs {
  context?: string;
  all?: boolean;
  forgetKeys?: boolean;
  kubeconfig?: string;
  removeContexts?: boolean;
}

export const logoutCommand = defineCommand<LogoutArgs>({
  command: 'logout',
  describe: 'Remove cached role sessions and tokens (--forget-keys: also the stored access key)',
  builder: (y) =>
    y
      .option('context', contextOption("Log out of this context's bundle group (default: the current context)"))
      .option('all', { type: 'boolean', describe: 'Remove every cached role session and token' })
      .option('forget-keys', {
        type: 'boolean',
        describe:
          'Also delete the access key setup stored (keychain or file) and sign out of IAM Identity Center for sso groups',
      })
      .option('kubeconfig', kubeconfigOption())
      .option('remove-contexts', {
        type: 'boolean',
        describe:
          "Also remove the kubeconfig clusters, users and contexts setup wrote (the context's group; with --all every bundle's)",
      })
      .conflicts('all', 'context')
      .example('$0 logout --context developers@demo', 'Forget the developers role session and its cached tokens')
      .example(
        '$0 logout --context admins@demo --remove-contexts',
        'Leave the admins group: remove its contexts (other groups stay)',
      )
      .example('$0 logout --all --forget-keys', 'Forget every session, token and stored access key')
      .example(
        '$0 logout --all --forget-keys --remove-contexts',
        'Undo setup completely: also remove its kubeconfig entries',
      ),
  handler: async (args, ctx) => {
    const input = {
      context: args.context,
      all: args.all,
      kubeconfig: args.kubeconfig,
      forgetKeys: args.forgetKeys,
      removeContexts: args.removeContexts,
    };
    emit(ctx, await logOut(ctx, input));
  },
});
