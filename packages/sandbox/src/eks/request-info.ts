// Turns a Kubernetes API request into RBAC attributes the way the API server's RequestInfo does:
// /api/v1/..., /apis/<group>/<version>/..., [namespaces/<ns>/]<resource>[/<name>[/<subresource>]].
import type { Attributes } from './rbac.js';

export interface RequestInfo extends Attributes {
  isResource: boolean;
  apiVersion?: string;
}

const METHOD_VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

export function requestInfo(method: string, url: URL): RequestInfo {
  const parts = url.pathname
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  const nonResource = (): RequestInfo => ({
    isResource: false,
    verb: method === 'GET' || method === 'HEAD' ? 'get' : (METHOD_VERBS[method] ?? method.toLowerCase()),
    path: url.pathname,
  });
  let rest: string[];
  let apiGroup = '';
  let apiVersion: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    apiVersion = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    apiGroup = parts[1]!;
    apiVersion = parts[2]!;
    rest = parts.slice(3);
  } else return nonResource();

  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest as [string, string | undefined, string | undefined];
  let verb = METHOD_VERBS[method] ?? 'get';
  if (method === 'GET' || method === 'HEAD')
    verb = name === undefined ? (url.searchParams.get('watch') === 'true' ? 'watch' : 'list') : 'get';
  if (method === 'DELETE' && name === undefined) verb = 'deletecollection';
  const info: RequestInfo = { isResource: true, verb, apiGroup, apiVersion, resource };
  if (resource === 'namespaces' && name !== undefined && namespace === undefined) info.namespace = name;
  if (namespace !== undefined) info.namespace = namespace;
  if (name !== undefined) info.name = name;
  if (subresource !== undefined) info.subresource = subresource;
  return info;
}
