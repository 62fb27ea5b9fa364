// Kubernetes Status objects for failures, worded as the API server words them (kubectl prints `message`).
import type { RequestInfo } from './request-info.js';

export interface Status {
  code: number;
  body: Record<string, unknown>;
}

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): Status {
  return {
    code,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    },
  };
}

export const unauthorized = (): Status => status(401, 'Unauthorized', 'Unauthorized');

export function forbidden(username: string, info: RequestInfo): Status {
  if (!info.isResource)
    return status(403, 'Forbidden', `forbidden: User "${username}" cannot ${info.verb} path "${info.path}"`);
  const qualified = info.apiGroup ? `${info.resource}.${info.apiGroup}` : info.resource!;
  const full = info.subresource ? `${info.resource}/${info.subresource}` : info.resource!;
  const named = info.name !== undefined ? ` "${info.name}"` : '';
  const scope = info.namespace !== undefined ? ` in the namespace "${info.namespace}"` : ' at the cluster scope';
  return status(
    403,
    'Forbidden',
    `${qualified}${named} is forbidden: User "${username}" cannot ${info.verb} resource "${full}" in API group "${info.apiGroup ?? ''}"${scope}`,
    {
      ...(info.name !== undefined ? { name: info.name } : {}),
      ...(info.apiGroup ? { group: info.apiGroup } : {}),
      kind: info.resource,
    },
  );
}

export function notFound(info?: RequestInfo): Status {
  if (!info?.isResource || info.name === undefined)
    return status(404, 'NotFound', 'the server could not find the requested resource');
  const qualified = info.apiGroup ? `${info.resource}.${info.apiGroup}` : info.resource!;
  return status(404, 'NotFound', `${qualified} "${info.name}" not found`, {
    name: info.name,
    ...(info.apiGroup ? { group: info.apiGroup } : {}),
    kind: info.resource,
  });
}

export const alreadyExists = (info: RequestInfo, name: string): Status =>
  status(
    409,
    'AlreadyExists',
    `${info.apiGroup ? `${info.resource}.${info.apiGroup}` : info.resource} "${name}" already exists`,
    { name, kind: info.resource },
  );

export const badRequest = (message: string): Status => status(400, 'BadRequest', message);
export const methodNotAllowed = (): Status =>
  status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
