// Reads the kubeconfig files of a location and resolves one context (default: the current one).
// The entry point for whoami/doctor: `loadContext(store, locateKubeconfig(env, home, flag), name)`.
import type { KubeconfigStore } from '../kernel/ports.js';
import type { KubeconfigLocation } from '../kernel/ports.js';
import { resolveContext, type ResolvedContext } from './resolve-context.js';
import { readKubeconfigs } from './update.js';

export async function loadContext(
  store: KubeconfigStore,
  location: KubeconfigLocation,
  contextName?: string,
): Promise<ResolvedContext> {
  const files = await readKubeconfigs(store, location);
  return resolveContext(files, contextName);
}
