// The EKS API server emulator for one cluster: bearer-token authentication (token-verifier.ts, then
// identity-mapping.ts), RBAC authorization, then discovery, pods, pods/log, deployments and the
// self-review APIs. Failures are Kubernetes Status objects (401, 403, 404).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http.js';
import type { SandboxState } from '../state.js';
import { takeFault } from '../state.js';
import { parseAwsAuth } from '../world-load.js';
import type { KubeObject, WorldCluster } from '../world-types.js';
import { catalog, discovery, findResource } from './catalog.js';
import type { KubeUser } from './identity-mapping.js';
import { mapIdentity } from './identity-mapping.js';
import { decodeProtobuf } from './protobuf.js';
import { ObjectStore, toTable } from './objects.js';
import { Rbac } from './rbac.js';
import { requestInfo } from './request-info.js';
import type { RequestInfo } from './request-info.js';
import { selfSubjectAccessReview, selfSubjectReview, selfSubjectRulesReview } from './reviews.js';
import { alreadyExists, badRequest, forbidden, methodNotAllowed, notFound, unauthorized } from './status.js';
import type { Status } from './status.js';
import { TokenRejected, verifyToken } from './token-verifier.js';
import { matchesLabels, parseApplyBody, replaceObject, serverSideApply } from './writes.js';

const ANONYMOUS_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

export interface ClusterServerOptions {
  cluster: WorldCluster;
  stsHost: string;
  caPem: string;
  serverHost: () => string;
}

export function clusterHandler(state: SandboxState, opts: ClusterServerOptions) {
  const { cluster } = opts;
  const clusterId = cluster.clusterId ?? cluster.name;
  const defs = catalog(cluster);
  const now = (): Date => state.clock.now();
  const store = new ObjectStore(cluster, now);
  // Authorization and identity mapping read the live objects: a write through this API takes effect at once.
  const rbac = new Rbac(() => store.rbacObjects());
  const syncAwsAuth = (): void => {
    const cm = store.get(findResource(defs, '', 'v1', 'configmaps')!, 'kube-system', 'aws-auth');
    cluster.awsAuth = parseAwsAuth(cm?.data ?? {}, (why) => {
      throw new Error(`aws-auth: ${why}`);
    });
  };

  async function authenticate(req: IncomingMessage): Promise<KubeUser | undefined> {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return undefined;
    state.counters.tokenReviews += 1;
    try {
      const identity = await verifyToken(m[1]!, { clusterId, stsHost: opts.stsHost, caPem: opts.caPem, now });
      const user = mapIdentity(cluster, identity);
      if (!user) {
        state.decide(
          'eks',
          false,
          `cluster ${cluster.name}: ${identity.arn} (canonical ${identity.canonicalArn}) is not mapped by any access entry or aws-auth entry`,
        );
        return undefined;
      }
      state.decide(
        'eks',
        true,
        `cluster ${cluster.name}: ${identity.arn} -> user "${user.username}" groups [${user.groups.join(', ')}] via ${user.via}`,
      );
      return user;
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      state.decide('eks', false, `cluster ${cluster.name}: token rejected: ${error.message}`);
      return undefined;
    }
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const user = await authenticate(req);
    if (!user) {
      if (!req.headers.authorization && ANONYMOUS_PATHS.has(url.pathname)) return route(undefined);
      if (!req.headers.authorization)
        state.decide('eks', false, `cluster ${cluster.name}: ${method} ${url.pathname} without a bearer token`);
      return send(res, unauthorized());
    }
    const info = requestInfo(method, url);
    if (!rbac.authorize(user, info)) {
      state.decide(
        'eks',
        false,
        `cluster ${cluster.name}: RBAC denies "${user.username}" ${info.verb} ${info.isResource ? `${info.resource}${info.subresource ? `/${info.subresource}` : ''}${info.namespace ? ` in ${info.namespace}` : ''}` : info.path}`,
      );
      return send(res, forbidden(user.username, info));
    }
    const fault = takeFault(state, 'eks', method, url.pathname);
    if (fault)
      return json(res, fault.status, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: fault.message,
        reason: 'InternalError',
        code: fault.status,
      });
    return route(user);

    function route(who: KubeUser | undefined): void {
      if (url.pathname === '/version')
        return json(res, 200, {
          major: '1',
          minor: '32',
          gitVersion: 'v1.32.0-eks-login-sandbox',
          platform: 'linux/amd64',
        });
      if (ANONYMOUS_PATHS.has(url.pathname)) return text(res, 200, 'ok');
      const doc = discovery(defs, url.pathname, opts.serverHost());
      if (doc !== undefined && method === 'GET') return json(res, 200, doc);
      const info = requestInfo(method, url);
      if (!who || !info.isResource) return send(res, notFound());
      const def = findResource(defs, info.apiGroup ?? '', info.apiVersion ?? '', info.resource ?? '');
      if (!def || (info.subresource && !findResource(defs, def.group, def.version, `${def.name}/${info.subresource}`)))
        return send(res, notFound());
      if (
        def.kind === 'SelfSubjectReview' ||
        def.kind === 'SelfSubjectAccessReview' ||
        def.kind === 'SelfSubjectRulesReview'
      ) {
        if (method !== 'POST') return send(res, methodNotAllowed());
        const parsed = parseJson(body);
        if (!parsed) return send(res, badRequest('request body is neither JSON nor a protobuf kind the sandbox knows'));
        if (def.kind === 'SelfSubjectReview') return json(res, 201, selfSubjectReview(who, def.version, now()));
        if (def.kind === 'SelfSubjectAccessReview') return json(res, 201, selfSubjectAccessReview(who, rbac, parsed));
        return json(res, 201, selfSubjectRulesReview(who, rbac, parsed));
      }
      return objects(def, info, req.headers.accept ?? '');
    }

    function objects(def: ReturnType<typeof findResource> & object, info: RequestInfo, accept: string): void {
      const asTable = accept.includes('as=Table');
      if (info.verb === 'list') {
        const items = store
          .list(def, info.namespace)
          .filter((o) => matchesLabels(o, url.searchParams.get('labelSelector')));
        if (asTable) return json(res, 200, toTable(def, items, now()));
        return json(res, 200, {
          kind: `${def.kind}List`,
          apiVersion: def.group ? `${def.group}/${def.version}` : def.version,
          metadata: { resourceVersion: '1' },
          items,
        });
      }
      if (info.verb === 'create' && !info.name) {
        const parsed = parseJson(body) as KubeObject | undefined;
        if (!parsed?.metadata?.name) return send(res, badRequest(`${def.kind} needs metadata.name`));
        if (store.get(def, info.namespace, parsed.metadata.name))
          return send(res, alreadyExists(info, parsed.metadata.name));
        if (url.searchParams.get('dryRun') === 'All') return json(res, 201, parsed);
        const namespace = info.namespace ?? 'default';
        const image =
          (parsed.spec as { containers?: Array<{ image?: string }> } | undefined)?.containers?.[0]?.image ?? 'busybox';
        const created =
          def.name === 'deployments'
            ? store.createDeployment(namespace, parsed)
            : def.name === 'pods'
              ? store.addPod(
                  parsed.metadata.name,
                  namespace,
                  image,
                  '',
                  parsed.metadata.labels as Record<string, string> | undefined,
                )
              : store.add(def.name, {
                  ...parsed,
                  metadata: { ...parsed.metadata, ...(def.namespaced ? { namespace } : {}) },
                });
        if (def.name === 'configmaps') syncAwsAuth();
        return json(res, 201, created);
      }
      if (info.verb === 'patch' && info.name !== undefined && !info.subresource) {
        if (!(req.headers['content-type'] ?? '').startsWith('application/apply-patch'))
          return send(res, {
            code: 415,
            body: {
              kind: 'Status',
              apiVersion: 'v1',
              status: 'Failure',
              message: 'the sandbox accepts only server-side apply patches (application/apply-patch+yaml)',
              reason: 'UnsupportedMediaType',
              code: 415,
            },
          });
        const result = serverSideApply(
          store,
          def,
          info.namespace,
          info.name,
          parseApplyBody(body),
          url.searchParams.get('fieldManager'),
        );
        return json(res, result.code, result.body);
      }
      if (info.verb === 'update' && info.name !== undefined && !info.subresource) {
        const result = replaceObject(store, def, info.namespace, info.name, parseJson(body) as KubeObject | undefined);
        if (def.name === 'configmaps') syncAwsAuth();
        return json(res, result.code, result.body);
      }
      const found = info.name !== undefined ? store.get(def, info.namespace, info.name) : undefined;
      if (!found) return send(res, info.name !== undefined ? notFound(info) : methodNotAllowed());
      if (info.verb === 'get' && info.subresource === 'log') return text(res, 200, store.logOf(found));
      if (info.verb === 'get') return json(res, 200, asTable ? toTable(def, [found], now()) : found);
      if (info.verb === 'delete') {
        store.remove(def.name, found);
        if (def.name === 'configmaps') syncAwsAuth();
        return json(res, 200, found);
      }
      return send(res, methodNotAllowed());
    }
  };
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  if (body.subarray(0, 4).toString('latin1') === 'k8s\0') return decodeProtobuf(body);
  try {
    const value = JSON.parse(body.toString('utf8') || '{}');
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

function json(res: ServerResponse, code: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-cache, private',
  });
  res.end(body);
}

function text(res: ServerResponse, code: number, value: string): void {
  res.writeHead(code, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(value) });
  res.end(value);
}

function send(res: ServerResponse, status: Status): void {
  json(res, status.code, status.body);
}
