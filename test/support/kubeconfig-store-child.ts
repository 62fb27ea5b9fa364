// Entry for kubeconfig fault tests that must run in another process (a user namespace, a private mount):
// `write <path>...` writes each path through the real store and prints {backups, warnings};
// `check <path>` runs checkWritable and prints the error (code, exitCode, message, hint) or {}.
import { createKubeconfigFileStore } from '../../src/kubeconfig/kubeconfig-file-store.node.js';
import { isEksLoginError } from '../../src/kernel/errors.js';

const [op, ...paths] = process.argv.slice(2);
const warnings: string[] = [];
const store = createKubeconfigFileStore({ warn: (m) => void warnings.push(m) });
if (op === 'write') {
  const backups: Array<string | null> = [];
  for (const path of paths) backups.push((await store.write(path, 'apiVersion: v1\n')).backupPath ?? null);
  console.log(JSON.stringify({ backups, warnings }));
} else {
  try {
    await store.checkWritable(paths[0]!);
    console.log('{}');
  } catch (error) {
    if (!isEksLoginError(error)) throw error;
    console.log(
      JSON.stringify({ code: error.code, exitCode: error.exitCode, message: error.message, hint: error.hint }),
    );
  }
}
