// Entry for crash-safety tests: writes two versions of a kubeconfig in turn, forever, through the real
// store (lock, atomic write, backup), until the parent kills it.
import { readFileSync } from 'node:fs';
import { createKubeconfigFileStore } from '../../src/kubeconfig/kubeconfig-file-store.node.js';

const [path, first, second] = process.argv.slice(2) as [string, string, string];
const versions = [readFileSync(first, 'utf8'), readFileSync(second, 'utf8')];
const store = createKubeconfigFileStore({ staleMs: 60_000 });
for (let i = 0; ; i++) {
  await store.withLock(path, () => store.write(path, versions[i % 2]!));
  process.stdout.write('w\n');
}
