// Writes the API server accepts beyond create/delete: server-side apply (PATCH application/apply-patch+yaml,
// as `kubectl apply --server-side` and eks-login send it) and replace (PUT with metadata.resourceVersion,
// 409 Conflict when it is stale), plus label selectors on lists. A simplification of the real field
// ownership: an apply sets the fields it names (labels and annotations are merged), other fields stay.
import { load } from 'js-yaml';
import type { KubeObject } from '../world-types.js';
import type { ResourceDef } from './catalog.js';
import type { ObjectStore } from './objects.js';

export type WriteResult = { code: number; body: unknown };

const status = (code: number, reason: string, message: string): WriteResult => ({
  code,
  body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code },
});

export function parseApplyBody(body: Buffer): KubeObject | undefined {
  try {
    const value = load(body.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as KubeObject) : undefined;
  } catch {
    return undefined;
  }
}

/** Server-side apply of `applied` to `def`/`name` (in `namespace`). */
export function serverSideApply(
  store: ObjectStore,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
  applied: KubeObject | undefined,
  fieldManager: string | null,
): WriteResult {
  if (!applied) return status(400, 'BadRequest', 'the apply patch is neither YAML nor JSON');
  if (!fieldManager) return status(400, 'BadRequest', 'PATCH with application/apply-patch+yaml requires fieldManager');
  if (applied.kind !== def.kind || applied.metadata?.name !== name)
    return status(400, 'BadRequest', `the applied object must be ${def.kind} ${name}`);
  const metadata = { ...applied.metadata, ...(def.namespaced ? { namespace: namespace ?? 'default' } : {}) };
  const existing = store.get(def, namespace, name);
  if (!existing)
    return {
      code: 201,
      body: store.add(def.name, {
        ...applied,
        metadata: { ...metadata, managedFields: [{ manager: fieldManager, operation: 'Apply' }] },
      }),
    };
  if (
    applied.roleRef !== undefined &&
    existing.roleRef !== undefined &&
    JSON.stringify(applied.roleRef) !== JSON.stringify(existing.roleRef)
  ) {
    return status(
      422,
      'Invalid',
      `${def.kind}.rbac.authorization.k8s.io "${name}" is invalid: roleRef: Invalid value: cannot change roleRef`,
    );
  }
  const merged: KubeObject = {
    ...existing,
    ...applied,
    metadata: {
      ...existing.metadata,
      labels: {
        ...((existing.metadata.labels as Record<string, string> | undefined) ?? {}),
        ...((applied.metadata.labels as Record<string, string> | undefined) ?? {}),
      },
      annotations: {
        ...((existing.metadata.annotations as Record<string, string> | undefined) ?? {}),
        ...((applied.metadata.annotations as Record<string, string> | undefined) ?? {}),
      },
      managedFields: [{ manager: fieldManager, operation: 'Apply' }],
    },
  };
  return { code: 200, body: store.replace(def.name, existing, merged) };
}

/** PUT: replace the whole object; a stale metadata.resourceVersion is 409 Conflict. */
export function replaceObject(
  store: ObjectStore,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
  next: KubeObject | undefined,
): WriteResult {
  if (!next || next.metadata?.name !== name)
    return status(400, 'BadRequest', `the body must be the ${def.kind} ${name}`);
  const existing = store.get(def, namespace, name);
  if (!existing) return status(404, 'NotFound', `${def.name} "${name}" not found`);
  const sent = next.metadata.resourceVersion;
  if (sent !== undefined && sent !== existing.metadata.resourceVersion) {
    return status(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${def.name} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    );
  }
  return {
    code: 200,
    body: store.replace(def.name, existing, {
      ...next,
      metadata: { ...next.metadata, ...(def.namespaced ? { namespace: namespace ?? 'default' } : {}) },
    }),
  };
}

/** `a=b,c=d` equality selectors (all must hold). */
export function matchesLabels(object: KubeObject, selector: string | null): boolean {
  if (!selector) return true;
  const labels = (object.metadata.labels as Record<string, string> | undefined) ?? {};
  return selector
    .split(',')
    .filter(Boolean)
    .every((term) => {
      const [key, value] = term.split('=') as [string, string | undefined];
      return value === undefined ? key in labels : labels[key] === value;
    });
}
