// The cluster's objects (namespaces, pods, deployments, RBAC objects) in memory, and their kubectl
// table form (meta.k8s.io Table) so `kubectl get` prints the usual columns.
import { randomBytes, randomUUID } from 'node:crypto';
import { dump } from 'js-yaml';
import type { KubeObject, WorldCluster } from '../world-types.js';
import type { ResourceDef } from './catalog.js';

type Obj = KubeObject & { metadata: KubeObject['metadata'] & { creationTimestamp?: string } };

export class ObjectStore {
  private readonly byResource = new Map<string, Obj[]>();
  /** Container logs by `<namespace>/<pod>`. */
  private readonly logs = new Map<string, string>();
  private version = 1;

  constructor(
    cluster: WorldCluster,
    private readonly now: () => Date,
  ) {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
      this.add('namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns },
        status: { phase: 'Active' },
      });
    for (const o of cluster.manifests) {
      const resource = o.kind === 'Namespace' ? 'namespaces' : `${o.kind.toLowerCase()}s`;
      if (o.kind === 'Namespace' || o.apiVersion.startsWith('rbac.authorization.k8s.io/')) this.add(resource, o);
    }
    for (const p of cluster.pods) this.addPod(p.name, p.namespace, p.image, p.log);
    const { mapRoles, mapUsers, mapAccounts } = cluster.awsAuth;
    if (mapRoles.length + mapUsers.length + mapAccounts.length > 0) {
      const data: Record<string, string> = {};
      if (mapRoles.length > 0) data.mapRoles = dump(mapRoles);
      if (mapUsers.length > 0) data.mapUsers = dump(mapUsers);
      if (mapAccounts.length > 0) data.mapAccounts = dump(mapAccounts);
      this.add('configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'aws-auth', namespace: 'kube-system' },
        data,
      });
    }
  }

  /** The live RBAC objects (what authorization reads on every request). */
  rbacObjects(): KubeObject[] {
    return ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'].flatMap(
      (r) => this.byResource.get(r) ?? [],
    );
  }

  /** Replaces an object by a new version: same uid and creation time, a new resourceVersion. */
  replace(resource: string, old: Obj, next: KubeObject): Obj {
    const stored = next as Obj;
    stored.metadata = {
      ...next.metadata,
      uid: old.metadata.uid,
      creationTimestamp: old.metadata.creationTimestamp,
      resourceVersion: String(this.version++),
    };
    this.byResource.set(
      resource,
      (this.byResource.get(resource) ?? []).map((o) => (o === old ? stored : o)),
    );
    return stored;
  }

  list(def: ResourceDef, namespace: string | undefined): Obj[] {
    return (this.byResource.get(def.name) ?? []).filter(
      (o) => !def.namespaced || namespace === undefined || o.metadata.namespace === namespace,
    );
  }

  get(def: ResourceDef, namespace: string | undefined, name: string): Obj | undefined {
    return this.list(def, namespace).find((o) => o.metadata.name === name);
  }

  add(resource: string, obj: KubeObject): Obj {
    const stored = obj as Obj;
    stored.metadata = {
      uid: randomUUID(),
      resourceVersion: String(this.version++),
      creationTimestamp: stamp(this.now()),
      ...obj.metadata,
    };
    this.byResource.set(resource, [...(this.byResource.get(resource) ?? []), stored]);
    return stored;
  }

  remove(resource: string, obj: Obj): void {
    this.byResource.set(
      resource,
      (this.byResource.get(resource) ?? []).filter((o) => o !== obj),
    );
  }

  addPod(name: string, namespace: string, image: string, log: string, labels?: Record<string, string>): Obj {
    this.logs.set(`${namespace}/${name}`, log);
    return this.add('pods', podObject(name, namespace, image, this.now(), labels));
  }

  logOf(pod: KubeObject): string {
    return this.logs.get(`${pod.metadata.namespace}/${pod.metadata.name}`) ?? '';
  }

  /** A Deployment as the controller would leave it: ready, with its pods running. */
  createDeployment(namespace: string, body: KubeObject): Obj {
    const spec = (body.spec ?? {}) as {
      replicas?: number;
      template?: { spec?: { containers?: Array<{ image?: string }> } };
    };
    const replicas = spec.replicas ?? 1;
    const deployment = this.add('deployments', {
      ...body,
      metadata: { ...body.metadata, namespace, generation: 1 },
      spec: { ...spec, replicas },
      status: {
        observedGeneration: 1,
        replicas,
        readyReplicas: replicas,
        updatedReplicas: replicas,
        availableReplicas: replicas,
      },
    });
    const image = spec.template?.spec?.containers?.[0]?.image ?? 'busybox';
    const hash = randomBytes(5).toString('hex').slice(0, 9);
    for (let i = 0; i < replicas; i += 1) {
      this.addPod(
        `${body.metadata.name}-${hash}-${randomBytes(3).toString('hex').slice(0, 5)}`,
        namespace,
        image,
        `${body.metadata.name} started\n`,
        { app: body.metadata.name },
      );
    }
    return deployment;
  }
}

/** A running pod on the sandbox's one (imaginary) node. */
function podObject(
  name: string,
  namespace: string,
  image: string,
  now: Date,
  labels?: Record<string, string>,
): KubeObject {
  const container = name.split('-')[0] || 'main';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: { nodeName: 'sandbox-node', containers: [{ name: container, image }] },
    status: {
      phase: 'Running',
      podIP: '10.0.0.10',
      startTime: stamp(now),
      containerStatuses: [
        {
          name: container,
          ready: true,
          started: true,
          restartCount: 0,
          image,
          state: { running: { startedAt: stamp(now) } },
        },
      ],
    },
  };
}

function stamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function age(created: string | undefined, now: Date): string {
  const s = Math.max(0, Math.floor((now.getTime() - Date.parse(created ?? '')) / 1000)) || 0;
  return s < 120
    ? `${s}s`
    : s < 7200
      ? `${Math.floor(s / 60)}m`
      : s < 172800
        ? `${Math.floor(s / 3600)}h`
        : `${Math.floor(s / 86400)}d`;
}

/** The meta.k8s.io/v1 Table kubectl asks for with `Accept: application/json;as=Table;...`. */
export function toTable(def: ResourceDef, objects: Obj[], now: Date): unknown {
  const col = (name: string, type = 'string'): Record<string, unknown> => ({
    name,
    type,
    format: name === 'Name' ? 'name' : '',
    description: name,
    priority: 0,
  });
  let columns = [col('Name'), col('Age')];
  let cells = (o: Obj): unknown[] => [o.metadata.name, age(o.metadata.creationTimestamp, now)];
  if (def.name === 'pods') {
    columns = [col('Name'), col('Ready'), col('Status'), col('Restarts', 'integer'), col('Age')];
    cells = (o) => [
      o.metadata.name,
      '1/1',
      (o.status as { phase?: string }).phase ?? 'Running',
      0,
      age(o.metadata.creationTimestamp, now),
    ];
  } else if (def.name === 'deployments') {
    columns = [col('Name'), col('Ready'), col('Up-to-date', 'integer'), col('Available', 'integer'), col('Age')];
    cells = (o) => {
      const s = o.status as { replicas: number; readyReplicas: number };
      return [
        o.metadata.name,
        `${s.readyReplicas}/${s.replicas}`,
        s.replicas,
        s.readyReplicas,
        age(o.metadata.creationTimestamp, now),
      ];
    };
  }
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: '1' },
    columnDefinitions: columns,
    rows: objects.map((o) => ({
      cells: cells(o),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
