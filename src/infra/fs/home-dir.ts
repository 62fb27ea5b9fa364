// The user's home directory, asked for only when a path needs it: with XDG_CONFIG_HOME, XDG_CACHE_HOME and
// --kubeconfig (or KUBECONFIG) given, eks-login works without HOME and without a password-database entry
// (a container running as an arbitrary uid), where os.homedir() throws `uv_os_homedir`.
import { homedir } from 'node:os';
import { ConfigError } from '../../kernel/errors.js';

export function homeDir(): string {
  let home = '';
  try {
    home = homedir();
  } catch {
    // no HOME and no passwd entry for this uid
  }
  if (home) return home;
  throw new ConfigError('no home directory: HOME is not set and this user has no entry in the password database', {
    code: 'NO_HOME',
    hint: 'set HOME, or set XDG_CONFIG_HOME and XDG_CACHE_HOME and pass --kubeconfig (or set KUBECONFIG)',
  });
}
