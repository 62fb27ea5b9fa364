// `eks-login login [CONTEXT | --all]`: assume the group role(s) now, in a terminal (MFA asked once per
// role session), so kubectl, helm and k9s never need to prompt. One call: session/wire.ts logIn.
import { defineCommand } from '../command.js';
import { emit } from '../emit.js';
import { logIn } from '../../session/wire.js';
import { kubeconfigOption, ssoSignInOf, ssoSignInOptions } from '../options.js';

interface LoginArgs {
  context?: string;
  all?: boolean;
  force?: boolean;
  kubeconfig?: string;
  browser?: boolean;
  useDeviceCode?: boolean;
}

export const loginCommand = defineCommand<LoginArgs>({
  command: 'login [context]',
  describe:
    'Assume the group role ahead of time (asks for the MFA code once; sso groups sign in to IAM Identity Center), warming the caches',
  builder: (y) =>
    ssoSignInOptions(
      y
        .positional('context', {
          type: 'string',
          describe: 'kubeconfig context written by `eks-login setup` (default: the current context)',
        })
        .option('all', {
          type: 'boolean',
          describe: 'Every bundle that was set up (one role session per bundle group)',
        })
        .option('force', { type: 'boolean', describe: 'Assume the role again even if a cached session is still good' })
        .option('kubeconfig', kubeconfigOption()),
    )
      .conflicts('all', 'context')
      .example(
        '$0 login developers@demo',
        'Assume the developers role now; every developers@* context uses the session',
      )
      .example(
        '$0 login sso-developers@demo --no-browser',
        'Sign in to IAM Identity Center: open the printed URL in any browser on this machine',
      )
      .example(
        '$0 login sso-developers@demo --use-device-code',
        'Sign in with a code, e.g. over SSH with the browser on your laptop',
      )
      .example('$0 login --all', 'Log in to every bundle group that was set up'),
  handler: async (args, ctx) => {
    // login is where a person signs in: always allowed, the URL (and code) on stderr.
    const signIn = ssoSignInOf(args);
    const input = { context: args.context, all: args.all, force: args.force, kubeconfig: args.kubeconfig, signIn };
    emit(ctx, await logIn(ctx, input));
  },
});
