// Process entry (bin/eks-login). Keep this file tiny: whatever it imports statically is loaded on
// every kubectl call. `token` tries the fast path (src/fast) first; everything else, and any token
// invocation the fast path does not fully understand, goes to the full CLI by dynamic import.
import { tryFastToken } from '../fast/token-fast.js';

const argv = process.argv.slice(2);
const fast = argv[0] === 'token' ? await tryFastToken(argv, process) : undefined;
if (fast !== undefined) {
  process.exitCode = fast;
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(argv);
}
