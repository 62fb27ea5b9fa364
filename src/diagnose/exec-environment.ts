// The environment kubectl gives an exec credential plugin: ours, the exec's `env` entries on top, and
// KUBERNETES_EXEC_INFO (interactive unless the exec says Never; the cluster when provideClusterInfo). Pure.
import type { Env } from '../kernel/ports.js';
import type { ExecConfig, ResolvedContext } from '../kubeconfig/resolve-context.js';

export function execEnvironment(
  env: Env,
  exec: ExecConfig | undefined,
  cluster: ResolvedContext['cluster'],
  terminal: boolean,
): Record<string, string | undefined> {
  const interactive = exec?.interactiveMode === 'Never' ? false : terminal;
  const spec: Record<string, unknown> = { interactive };
  if (exec?.provideClusterInfo) {
    spec.cluster = {
      server: cluster.server,
      ...(cluster.certificateAuthorityData ? { 'certificate-authority-data': cluster.certificateAuthorityData } : {}),
    };
  }
  const info = { kind: 'ExecCredential', apiVersion: exec?.apiVersion ?? 'client.authentication.k8s.io/v1beta1', spec };
  return {
    ...env,
    ...Object.fromEntries((exec?.env ?? []).map((e) => [e.name, e.value])),
    KUBERNETES_EXEC_INFO: JSON.stringify(info),
  };
}
