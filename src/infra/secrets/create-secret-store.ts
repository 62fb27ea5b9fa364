// Picks the secret store from EKS_LOGIN_KEYRING (auto | system | file; default auto).
import { ConfigError } from '../../kernel/errors.js';
import type { Env, Logger, SecretStore } from '../../kernel/ports.js';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AutoSecretStore, type FallbackNotice } from './auto-secret-store.js';
import { FileSecretStore } from './file-secret-store.js';
import { KeyringSecretStore, type KeyringOptions } from './keyring-secret-store.js';
import { SplitSecretStore } from './split-secret-store.js';

export type KeyringMode = 'auto' | 'system' | 'file';

export function keyringMode(env: Env): KeyringMode {
  const value = (env.EKS_LOGIN_KEYRING ?? '').trim().toLowerCase() || 'auto';
  if (value === 'auto' || value === 'system' || value === 'file') return value;
  throw new ConfigError(`EKS_LOGIN_KEYRING=${env.EKS_LOGIN_KEYRING} is not valid: use auto, system or file`, {
    hint: 'unset EKS_LOGIN_KEYRING or set it to auto, system or file',
  });
}

/** `keychainValueLimit`: the platform's cap on one keychain value (kernel/platform.ts), when it has one. */
export function createSecretStore(options: {
  env: Env;
  secretsFile: string;
  logger: Logger;
  keyring?: KeyringOptions;
  keychainValueLimit?: number | undefined;
}): SecretStore {
  const mode = keyringMode(options.env);
  const file = new FileSecretStore(options.secretsFile);
  if (mode === 'file') return file;
  const keychain = new KeyringSecretStore(options.keyring);
  const system = options.keychainValueLimit ? new SplitSecretStore(keychain, options.keychainValueLimit) : keychain;
  return mode === 'system'
    ? system
    : new AutoSecretStore(
        system,
        file,
        options.logger,
        fallbackNotice(`${dirname(options.secretsFile)}/keychain-fallback-noted`),
      );
}

/** The marker of the once-per-machine fallback warning; a marker that cannot be written means: warn again next time. */
function fallbackNotice(marker: string): FallbackNotice {
  return {
    shown: () => existsSync(marker),
    markShown: (reason) => {
      try {
        mkdirSync(dirname(marker), { recursive: true, mode: 0o700 });
        writeFileSync(marker, `${new Date().toISOString()} ${reason}\n`, { mode: 0o600 });
      } catch {
        // warned again next time
      }
    },
  };
}
