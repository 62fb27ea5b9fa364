// What the AWS SDK reads of the process itself, which no client option can say: decided here, once per process,
// when the composition root reads the process's facts (node-edges.ts), so that no adapter, and not the SDK client
// factory (infra/aws/sdk-client.ts), writes process.env.
// - Its warning about Node's support window: off (kubectl would show it the user on every token); a user who
//   sets the variable keeps their value.
// - A home. The SDK looks for one in HOME, then USERPROFILE, then HOMEDRIVE + HOMEPATH, then asks the OS
//   (os.homedir(): %USERPROFILE% on Windows, the password database elsewhere), and throws without one even
//   when AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name the files. When none of these knows a home (a
//   container running as an arbitrary uid), the SDK gets USERPROFILE=/nonexistent (the home of system users
//   without one): no files there, so it sees no profile files, which is the truth. USERPROFILE rather than
//   HOME: eks-login's own path rules on Linux and macOS read HOME only (kernel/platform.ts), so they keep
//   seeing no home and still say what to set (infra/fs/home-dir.ts) where they need one.
import { homedir } from 'node:os';
import type { Env } from '../kernel/ports.js';

const NODE_VERSION_WARNING = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** The home the SDK gets when neither the environment nor the OS knows one. */
export const SDK_HOME_FALLBACK = '/nonexistent';

/** The variables the SDK needs that `env` lacks; `osHome`: the OS's answer without HOME (throws when it has none). */
export function sdkProcessVariables(env: Env, osHome: () => string = homedir): Record<string, string> {
  const missing: Record<string, string> = {};
  if (env[NODE_VERSION_WARNING] === undefined) missing[NODE_VERSION_WARNING] = 'true';
  if (!env.HOME && !env.USERPROFILE && !env.HOMEPATH && !osKnowsHome(osHome)) missing.USERPROFILE = SDK_HOME_FALLBACK;
  return missing;
}

function osKnowsHome(osHome: () => string): boolean {
  try {
    return Boolean(osHome());
  } catch {
    return false; // no HOME and no password-database entry for this uid
  }
}

/** Gives the process's environment (the one the SDK reads) what the SDK needs of it. */
export function prepareProcessForSdk(processEnv: NodeJS.ProcessEnv, osHome?: () => string): void {
  Object.assign(processEnv, sdkProcessVariables(processEnv, osHome));
}
