// `eks-login sandbox`'s one call: the local STS + EKS stand-in run until Ctrl-C (run-sandbox.node.ts).
import type { Services } from '../services/services.js';

export async function runSandbox(
  ctx: Services,
  input: { world?: string | undefined; dir?: string | undefined },
): Promise<void> {
  await (await import('./run-sandbox.node.js')).runSandbox(ctx, input);
}
