// Flags several commands share, declared once: --context, --kubeconfig, --output (-o), --out, the flags of a
// context's diagnosis and the sign-in flags of sso groups. A command passes its own description where the flag means something particular there.
import type { Argv } from 'yargs';

/** --context C: a kubeconfig context (whoami, doctor, logout). */
export function contextOption(describe = 'kubeconfig context (default: the current one)') {
  return { type: 'string', describe } as const;
}

/** --kubeconfig PATH: the kubeconfig file instead of KUBECONFIG / ~/.kube/config (relative to the cwd). */
export function kubeconfigOption(
  describe = 'kubeconfig file to read the context from (default: KUBECONFIG, else ~/.kube/config)',
) {
  return { type: 'string', describe } as const;
}

export const OUTPUTS = ['text', 'json'] as const;

/** --output text|json; -o is its short form in every command, as in kubectl. */
export function outputOption(describe = 'text or json') {
  return { choices: OUTPUTS, default: 'text' as const, describe, alias: 'o' } as const;
}

/**
 * --out PATH: the file a command writes instead of stdout (`admin bundle`, `admin export`). Never -o, which is the
 * output format everywhere (`admin bundle -o FILE` is still read for one minor version: cli/commands/admin.ts).
 */
export function outFileOption(describe = 'write to this file instead of stdout') {
  return { type: 'string', describe, requiresArg: true } as const;
}

/** `whoami` and `doctor`: --context, --namespace (-n) for `what` (the part of the report it scopes), --output. */
export function diagnoseOptions<T>(y: Argv<T>, what: string) {
  return y
    .option('context', contextOption())
    .option('namespace', {
      alias: 'n',
      type: 'string',
      describe: `Namespace for ${what} (default: the context's, else default)`,
    })
    .option('output', outputOption());
}

/**
 * The IAM Identity Center sign-in flags of `setup` and `login`: --no-browser and --use-device-code. yargs parses
 * --no-browser as browser=false, so `browser` is declared too (hidden) for strict mode to know it.
 */
export function ssoSignInOptions<T>(y: Argv<T>) {
  return y
    .option('no-browser', {
      type: 'boolean',
      describe: 'sso groups: do not open a browser; open the printed sign-in URL yourself',
    })
    .option('browser', { type: 'boolean', hidden: true })
    .option('use-device-code', {
      type: 'boolean',
      describe: 'sso groups: sign in with a device code (for a browser on another machine)',
    });
}

/** How an sso group signs in, from the flags of ssoSignInOptions. */
export function ssoSignInOf(args: { browser?: boolean | undefined; useDeviceCode?: boolean | undefined }): {
  flow: 'device' | 'pkce';
  openBrowser: boolean;
} {
  return { flow: args.useDeviceCode ? 'device' : 'pkce', openBrowser: args.browser !== false };
}
