// The EKS control-plane API (rest-json, SigV4 service "eks") for the sandbox's clusters: DescribeCluster
// (endpoint, CA, accessConfig.authenticationMode) and access entries with access policies. What it changes
// is what the cluster's API server maps identities from, so a write takes effect at the next request.
// moto has none of this; docs/sandbox.md says what is checked.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerMap, readBody } from '../http.js';
import { requestId } from '../ids.js';
import type { SandboxState } from '../state.js';
import { takeFault } from '../state.js';
import { authenticate } from '../sts/authenticate.js';
import { StsFault } from '../sts/fault.js';
import type { AccessEntry, AccessPolicyName, WorldCluster } from '../world-types.js';

export interface ControlPlaneCluster {
  cluster: WorldCluster;
  endpoint: string;
  caPem: string;
}

const POLICIES: AccessPolicyName[] = [
  'AmazonEKSClusterAdminPolicy',
  'AmazonEKSAdminPolicy',
  'AmazonEKSEditPolicy',
  'AmazonEKSViewPolicy',
];
const RESERVED = ['system:', 'eks:', 'aws:', 'amazon:', 'iam:'];

class EksFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface EntryMeta {
  arn: string;
  createdAt: number;
  modifiedAt: number;
  associatedAt: Map<string, number>;
}

export function eksApiHandler(state: SandboxState, clusters: ControlPlaneCluster[]) {
  const meta = new WeakMap<AccessEntry, EntryMeta>();
  const seconds = (): number => Math.floor(state.clock.now().getTime() / 1000);
  const metaOf = (entry: AccessEntry, cluster: WorldCluster): EntryMeta => {
    let m = meta.get(entry);
    if (!m) {
      const kind = /:role\//.test(entry.principalArn) ? 'role' : 'user';
      const name = entry.principalArn.split('/').pop();
      m = {
        arn: `arn:aws:eks:${cluster.region}:${state.world.account}:access-entry/${cluster.name}/${kind}/${state.world.account}/${name}/${randomUUID()}`,
        createdAt: seconds(),
        modifiedAt: seconds(),
        associatedAt: new Map(),
      };
      meta.set(entry, m);
    }
    return m;
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const headers = headerMap(req);
    const rawUrl = req.url ?? '/';
    const method = req.method ?? 'GET';
    const rawPath = rawUrl.split('?')[0]!;
    const segments = rawPath
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
    let who = 'unauthenticated caller';
    try {
      await state.refreshIam?.();
      let region: string;
      try {
        const auth = authenticate(state, { method, url: rawUrl, headers, body }, 'eks');
        who = auth.principal.arn;
        region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(headers.get('authorization')?.[0] ?? '')?.[1] ?? '';
      } catch (error) {
        if (error instanceof StsFault)
          throw new EksFault(
            error.status,
            error.code === 'InvalidClientTokenId' ? 'UnrecognizedClientException' : error.code,
            error.message,
          );
        throw error;
      }
      const fault = takeFault(state, 'eks-api', method, rawPath);
      if (fault) throw new EksFault(fault.status, 'ServerException', fault.message);
      if (segments[0] !== 'clusters' || !segments[1])
        throw new EksFault(
          404,
          'ResourceNotFoundException',
          `the sandbox EKS API has no operation ${method} ${rawPath}`,
        );
      const found = clusters.find((c) => c.cluster.name === segments[1] && c.cluster.region === region);
      if (!found) throw new EksFault(404, 'ResourceNotFoundException', `No cluster found for name: ${segments[1]}.`);
      const result = route(method, segments.slice(2), found, parse(body));
      if (method !== 'GET') state.decide('eks', true, `EKS API ${method} ${decodeURIComponent(rawPath)} by ${who}`);
      return send(res, 200, result);
    } catch (error) {
      if (!(error instanceof EksFault)) throw error;
      if (!(method === 'GET' && error.code === 'ResourceNotFoundException'))
        state.decide(
          'eks',
          false,
          `EKS API ${method} ${decodeURIComponent(rawPath)} by ${who}: ${error.code}: ${error.message}`,
        );
      return send(res, error.status, { message: error.message, __type: error.code }, error.code);
    }
  };

  function route(method: string, rest: string[], c: ControlPlaneCluster, input: Record<string, unknown>): unknown {
    const { cluster } = c;
    if (rest.length === 0 && method === 'GET') return { cluster: describe(c) };
    if (rest[0] !== 'access-entries')
      throw new EksFault(
        404,
        'ResourceNotFoundException',
        `the sandbox EKS API has no operation ${method} /clusters/${cluster.name}/${rest.join('/')}`,
      );
    if (cluster.authenticationMode === 'CONFIG_MAP')
      throw new EksFault(
        400,
        'InvalidRequestException',
        `The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.`,
      );
    if (rest.length === 1 && method === 'GET')
      return { accessEntries: cluster.accessEntries.map((e) => e.principalArn) };
    if (rest.length === 1 && method === 'POST') return { accessEntry: create(cluster, input) };
    const principalArn = rest[1]!;
    const entry = cluster.accessEntries.find((e) => e.principalArn === principalArn);
    if (!entry)
      throw new EksFault(
        404,
        'ResourceNotFoundException',
        `The specified access entry resource can't be found on cluster ${cluster.name}.`,
      );
    if (rest.length === 2 && method === 'GET') return { accessEntry: view(entry, cluster) };
    if (rest.length === 2 && method === 'POST') {
      const { kubernetesGroups, username } = input as { kubernetesGroups?: string[]; username?: string };
      if (kubernetesGroups !== undefined) entry.kubernetesGroups = checkGroups(kubernetesGroups);
      if (username !== undefined) entry.username = checkUsername(username);
      metaOf(entry, cluster).modifiedAt = seconds();
      return { accessEntry: view(entry, cluster) };
    }
    if (rest.length === 2 && method === 'DELETE') {
      cluster.accessEntries = cluster.accessEntries.filter((e) => e !== entry);
      return {};
    }
    if (rest[2] !== 'access-policies')
      throw new EksFault(404, 'ResourceNotFoundException', `no such operation ${method}`);
    if (rest.length === 3 && method === 'GET')
      return {
        clusterName: cluster.name,
        principalArn,
        associatedAccessPolicies: entry.accessPolicies.map((p) => policyView(p, entry, cluster)),
      };
    if (rest.length === 3 && method === 'POST') {
      const { policyArn, accessScope } = input as {
        policyArn?: string;
        accessScope?: { type?: string; namespaces?: string[] };
      };
      const name = /^arn:aws[a-z-]*:eks::aws:cluster-access-policy\/(\w+)$/.exec(policyArn ?? '')?.[1] as
        AccessPolicyName | undefined;
      if (!name || !POLICIES.includes(name))
        throw new EksFault(
          400,
          'InvalidParameterException',
          `The policyArn ${policyArn} is not an access policy the sandbox knows (${POLICIES.join(', ')}).`,
        );
      if (accessScope?.type !== 'cluster' && accessScope?.type !== 'namespace')
        throw new EksFault(400, 'InvalidParameterException', 'accessScope.type must be cluster or namespace.');
      if (accessScope.type === 'namespace' && !accessScope.namespaces?.length)
        throw new EksFault(400, 'InvalidParameterException', 'A namespace access scope needs namespaces.');
      const association = {
        policy: name,
        ...(accessScope.type === 'namespace' ? { namespaces: [...accessScope.namespaces!] } : {}),
      };
      // Associating the same policy again changes its scope.
      entry.accessPolicies = [...entry.accessPolicies.filter((p) => p.policy !== name), association];
      metaOf(entry, cluster).associatedAt.set(name, seconds());
      return {
        clusterName: cluster.name,
        principalArn,
        associatedAccessPolicy: policyView(association, entry, cluster),
      };
    }
    if (rest.length === 4 && method === 'DELETE') {
      const name = rest[3]!.split('/').pop();
      entry.accessPolicies = entry.accessPolicies.filter((p) => p.policy !== name);
      return {};
    }
    throw new EksFault(404, 'ResourceNotFoundException', `no such operation ${method}`);
  }

  function describe(c: ControlPlaneCluster): unknown {
    const { cluster } = c;
    return {
      name: cluster.name,
      arn: `arn:aws:eks:${cluster.region}:${state.world.account}:cluster/${cluster.name}`,
      version: '1.32',
      endpoint: c.endpoint,
      status: 'ACTIVE',
      platformVersion: 'eks.1',
      certificateAuthority: { data: Buffer.from(c.caPem).toString('base64') },
      accessConfig: { authenticationMode: cluster.authenticationMode, bootstrapClusterCreatorAdminPermissions: true },
    };
  }

  function create(cluster: WorldCluster, input: Record<string, unknown>): unknown {
    const { principalArn, kubernetesGroups, username, tags, type } = input as {
      principalArn?: string;
      kubernetesGroups?: string[];
      username?: string;
      tags?: Record<string, string>;
      type?: string;
    };
    if (type !== undefined && type !== 'STANDARD')
      throw new EksFault(400, 'InvalidParameterException', 'The sandbox supports only STANDARD access entries.');
    const principal = principalArn ?? '';
    const role = state.world.roles.find((r) => r.arn === principal);
    const user = state.world.users.find((u) => u.arn === principal);
    if (!role && !user)
      throw new EksFault(
        400,
        'InvalidParameterException',
        `The specified principalArn is invalid: invalid principal ${principal} (no such IAM role or user).`,
      );
    if (cluster.accessEntries.some((e) => e.principalArn === principal))
      throw new EksFault(
        409,
        'ResourceInUseException',
        'The specified access entry resource is already in use on this cluster.',
      );
    const entry: AccessEntry = {
      principalArn: principal,
      kubernetesGroups: checkGroups(kubernetesGroups ?? []),
      accessPolicies: [],
      ...(username !== undefined ? { username: checkUsername(username) } : {}),
      ...(tags ? { tags: { ...tags } } : {}),
    };
    cluster.accessEntries.push(entry);
    return view(entry, cluster);
  }

  function view(entry: AccessEntry, cluster: WorldCluster): unknown {
    const m = metaOf(entry, cluster);
    const isRole = /:role\//.test(entry.principalArn);
    const fallback = isRole
      ? `arn:aws:sts::${state.world.account}:assumed-role/${entry.principalArn.split('/').pop()}/{{SessionName}}`
      : entry.principalArn;
    return {
      clusterName: cluster.name,
      principalArn: entry.principalArn,
      kubernetesGroups: entry.kubernetesGroups,
      accessEntryArn: m.arn,
      createdAt: m.createdAt,
      modifiedAt: m.modifiedAt,
      tags: entry.tags ?? {},
      username: entry.username ?? fallback,
      type: 'STANDARD',
    };
  }

  function policyView(p: AccessEntry['accessPolicies'][number], entry: AccessEntry, cluster: WorldCluster): unknown {
    const at = metaOf(entry, cluster).associatedAt.get(p.policy) ?? metaOf(entry, cluster).createdAt;
    return {
      policyArn: `arn:aws:eks::aws:cluster-access-policy/${p.policy}`,
      accessScope: p.namespaces ? { type: 'namespace', namespaces: p.namespaces } : { type: 'cluster', namespaces: [] },
      associatedAt: at,
      modifiedAt: at,
    };
  }
}

function checkUsername(username: string): string {
  if (RESERVED.some((p) => username.toLowerCase().startsWith(p)))
    throw new EksFault(
      400,
      'InvalidParameterException',
      `The username ${username} can't start with ${RESERVED.join(', ')}.`,
    );
  const at = username.search(/\{\{SessionName(?:Raw)?\}\}/);
  if (at >= 0 && !username.slice(0, at).includes(':'))
    throw new EksFault(
      400,
      'InvalidParameterException',
      `The username ${username} must contain a colon before {{SessionName}}.`,
    );
  return username;
}

function checkGroups(groups: string[]): string[] {
  const bad = groups.find((g) => g.toLowerCase().startsWith('system:'));
  if (bad)
    throw new EksFault(400, 'InvalidParameterException', `The kubernetes group ${bad} can't start with system:.`);
  return [...groups];
}

function parse(body: Buffer): Record<string, unknown> {
  try {
    const value = JSON.parse(body.toString('utf8') || '{}');
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    throw new EksFault(400, 'InvalidRequestException', 'the request body is not JSON');
  }
}

function send(res: ServerResponse, status: number, value: unknown, errorType?: string): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': requestId(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
