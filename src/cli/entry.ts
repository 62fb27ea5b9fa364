// Process entry (bin/eks-login). Keep this file tiny: whatever it imports statically is loaded on
// every kubectl call. The full CLI is a dynamic import.
const argv = process.argv.slice(2);
const { main } = await import('./main.js');
process.exitCode = await main(argv);
