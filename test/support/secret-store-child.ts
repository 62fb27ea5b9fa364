// Entry for child processes in the real-keychain tests: runs a list of secret-store operations through
// createSecretStore (EKS_LOGIN_KEYRING from the environment) and prints one JSON result per operation.
import { createSecretStore } from '../../src/infra/secrets/create-secret-store.js';
import { platformOf } from '../../src/kernel/platform.js';
import { isEksLoginError } from '../../src/kernel/errors.js';

interface Op {
  op: 'get' | 'set' | 'delete';
  account: string;
  secret?: string;
}

const ops = JSON.parse(process.argv[2] ?? '[]') as Op[];
const warnings: string[] = [];
const store = createSecretStore({
  env: process.env,
  secretsFile: process.env.TEST_SECRETS_FILE!,
  logger: { debug: () => undefined, warn: (m) => void warnings.push(m) },
  // As the composition root does: this machine's platform (its keychain, its value limit).
  keyring: { platform: platformOf(process.platform) },
  keychainValueLimit: platformOf(process.platform).keychainValueLimit,
});
for (const { op, account, secret } of ops) {
  const started = Date.now();
  try {
    const value =
      op === 'get'
        ? await store.get(account)
        : op === 'set'
          ? await store.set(account, secret!)
          : await store.delete(account);
    console.log(
      JSON.stringify({ op, ok: true, value: value ?? null, backend: store.backend, ms: Date.now() - started }),
    );
  } catch (error) {
    const code = isEksLoginError(error) ? error.code : 'UNEXPECTED';
    console.log(JSON.stringify({ op, ok: false, code, message: (error as Error).message, ms: Date.now() - started }));
  }
}
console.log(JSON.stringify({ warnings }));
