// KubePort over the KubeApi (node:https with the cluster's CA and the admin's bearer token): RBAC objects by
// server-side apply (fieldManager eks-login), label-selected lists, deletes, and aws-auth get/create/replace.
import { AccessDeniedError, ConfigError, CredentialsError, InternalError } from '../kernel/errors.js';
import type { KubeApi, KubeResponse } from '../kernel/ports.js';
import type { KubeObject, KubePort, RbacKind } from '../kernel/admin-ports.js';

const RESOURCES: Record<RbacKind | 'ConfigMap', { prefix: string; plural: string; namespaced: boolean }> = {
  ClusterRole: { prefix: '/apis/rbac.authorization.k8s.io/v1', plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: {
    prefix: '/apis/rbac.authorization.k8s.io/v1',
    plural: 'clusterrolebindings',
    namespaced: false,
  },
  RoleBinding: { prefix: '/apis/rbac.authorization.k8s.io/v1', plural: 'rolebindings', namespaced: true },
  ConfigMap: { prefix: '/api/v1', plural: 'configmaps', namespaced: true },
};

const FIELD_MANAGER = 'eks-login';

export function createKubeAdmin(api: KubeApi, cluster: string, who: string): KubePort {
  const path = (kind: RbacKind | 'ConfigMap', namespace?: string, name?: string): string => {
    const r = RESOURCES[kind];
    const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${r.prefix}${ns}/${r.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
  };
  const fail = (what: string, res: KubeResponse): never => {
    const message =
      (res.body as { message?: string } | undefined)?.message ?? (typeof res.body === 'string' ? res.body : '');
    const text = `${what} in cluster ${cluster}: HTTP ${res.status}${message ? `: ${message}` : ''}`;
    if (res.status === 401)
      throw new CredentialsError(`${text} (the cluster did not accept the token of ${who})`, {
        hint: 'the admin identity must be mapped in the cluster (the cluster creator is; or pass --kube-context with a context that works in kubectl)',
      });
    if (res.status === 403)
      throw new AccessDeniedError(`${text} (${who} may not do this)`, {
        hint: 'the admin identity needs cluster-admin rights (RBAC objects and aws-auth)',
      });
    if (res.status === 400 || res.status === 404 || res.status === 409 || res.status === 422)
      throw new ConfigError(text);
    throw new InternalError(text);
  };
  return {
    async get(kind, name, namespace) {
      const res = await api.request('GET', path(kind, namespace, name));
      if (res.status === 404) return undefined;
      if (res.status !== 200) fail(`GET ${kind} ${name}`, res);
      return res.body as KubeObject;
    },
    async list(kind, labels) {
      const selector = Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      const res = await api.request('GET', `${path(kind)}?labelSelector=${encodeURIComponent(selector)}`);
      if (res.status !== 200) fail(`LIST ${kind}`, res);
      return ((res.body as { items?: KubeObject[] }).items ?? []).map((o) => ({ ...o, kind }));
    },
    async apply(object) {
      const kind = object.kind as RbacKind;
      const res = await api.request(
        'PATCH',
        `${path(kind, object.metadata.namespace, object.metadata.name)}?fieldManager=${FIELD_MANAGER}&force=true`,
        object,
        'application/apply-patch+yaml',
      );
      if (res.status !== 200 && res.status !== 201) fail(`apply ${kind} ${object.metadata.name}`, res);
    },
    async delete(kind, name, namespace) {
      const res = await api.request('DELETE', path(kind, namespace, name));
      if (res.status !== 200 && res.status !== 202 && res.status !== 404) fail(`DELETE ${kind} ${name}`, res);
    },
    async writeConfigMap(object, create) {
      const { namespace, name } = object.metadata;
      const res = create
        ? await api.request('POST', path('ConfigMap', namespace), object)
        : await api.request('PUT', path('ConfigMap', namespace, name), object);
      if (res.status === 409) return false;
      if (res.status !== 200 && res.status !== 201)
        fail(`${create ? 'create' : 'update'} ConfigMap ${namespace}/${name}`, res);
      return true;
    },
  };
}
