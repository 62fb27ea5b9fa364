// The one check for a plain JSON/YAML object, shared by the kubeconfig, bundle and access-file readers.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
