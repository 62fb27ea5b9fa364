// `eks-login login [CONTEXT | --all]`: assume the group role(s) now, in a terminal (MFA asked once per
// role session), so kubectl, helm and k9s never need to prompt. Thin: targets → core login → summary.
import { formatTimestamp } from '../../kernel/format/timestamp.js';
import { canPrompt } from '../../credentials/role-session/can-prompt.js';
import { login } from '../../session/login.js';
import { ssoStatusLine } from '../../credentials/sso/status.js';
import { defineCommand } from '../command.js';
import { kubeconfigOption } from '../options.js';
import { ssoSignIn } from '../../credentials/wire.js';
import { createTokenDeps } from '../../token/wire.js';
import { resolveTargets } from '../../session/wire.js';

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
    y
      .positional('context', {
        type: 'string',
        describe: 'kubeconfig context written by `eks-login setup` (default: the current context)',
      })
      .option('all', { type: 'boolean', describe: 'Every bundle that was set up (one role session per bundle group)' })
      .option('force', { type: 'boolean', describe: 'Assume the role again even if a cached session is still good' })
      .option('kubeconfig', kubeconfigOption())
      .option('no-browser', {
        type: 'boolean',
        describe: 'sso groups: do not open a browser; open the printed sign-in URL yourself',
      })
      // yargs parses --no-browser as browser=false: declared (hidden) so strict mode knows it.
      .option('browser', { type: 'boolean', hidden: true })
      .option('use-device-code', {
        type: 'boolean',
        describe: 'sso groups: sign in with a device code (for a browser on another machine)',
      })
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
    const targets = await resolveTargets({ context: args.context, all: args.all, kubeconfig: args.kubeconfig }, ctx);
    const prompt = canPrompt({
      underKubectl: false,
      execInteractive: false,
      stdinIsTTY: ctx.isInteractiveTerminal,
      stderrIsTTY: ctx.isInteractiveTerminal,
    });
    // login is where a person signs in: always allowed, the URL (and code) on stderr.
    const signIn = {
      flow: args.useDeviceCode ? ('device' as const) : ('pkce' as const),
      openBrowser: args.browser !== false,
    };
    const results = await login(targets, Boolean(args.force), {
      env: ctx.env,
      logger: ctx.logger,
      ssoSignIn: (source) => ssoSignIn(ctx, signIn, source),
      signingDeps: (region) =>
        createTokenDeps(ctx, { region, http: ctx.awsHttpForProfile(), canPrompt: prompt, ssoSignIn: signIn }),
      profileSts: (profile) => ctx.profileSts(profile),
    });
    for (const r of results) {
      // A sign-in that just happened has said its "signed in to …" line already (on stderr, with the URL).
      if (r.signIn && r.signIn.how !== 'signed-in') ctx.stdout.write(`${ssoStatusLine(r.signIn)}\n`);
      const until = r.expiration ? ` until ${formatTimestamp(r.expiration)}` : '';
      const contexts = r.contexts.length ? ` (contexts: ${r.contexts.join(', ')})` : '';
      ctx.stdout.write(`logged in: ${r.description}${until}${contexts}\n`);
    }
  },
});
