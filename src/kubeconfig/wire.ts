// kubeconfig's composition: the exec entry setup, sync and adopt write for this process (node and the CLI
// script by absolute path, kubeconfig/exec-command.node.ts), with the one warning when the script lives in a
// cache that goes away (npx).
import { ephemeralInstallWarning } from '../kernel/install.js';
import type { Services } from '../services/services.js';
import { isEphemeralScript, resolveExecLauncher } from './exec-command.node.js';
import type { ExecEnvVar, ExecLauncher } from './exec-launcher.js';

/** The exec entry for a kubeconfig user that runs this eks-login; `env`: the exec's environment entries. */
export function execLauncherFor(
  s: Pick<Services, 'env' | 'script' | 'cwd' | 'platform' | 'logger'>,
  env?: ExecEnvVar[],
): ExecLauncher {
  const launcher = resolveExecLauncher({
    pathEnv: s.env.PATH,
    running: s.script,
    cwd: s.cwd,
    platform: s.platform,
    pathExt: s.env.PATHEXT,
    ...(env ? { env } : {}),
  });
  const script = launcher.script;
  if (script !== undefined && isEphemeralScript(script)) s.logger.warn(ephemeralInstallWarning(script));
  return launcher;
}
