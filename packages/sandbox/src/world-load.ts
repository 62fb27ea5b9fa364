// Reads a world YAML file (docs/sandbox.md) into a World: resolves named policies, derives ARNs and ids,
// generates access keys the file does not pin, parses the aws-auth ConfigMap and the RBAC manifests.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { load, loadAll } from 'js-yaml';
import { WorldError } from './world-error.js';
import { unsupportedInPolicy } from './iam-policy.js';
import { awsId, secretKey } from './ids.js';
import { PERMISSION_SET_PATH } from './world-types.js';
import type {
  AccessEntry,
  AwsAuth,
  KubeObject,
  PolicyDocument,
  World,
  WorldCluster,
  WorldPod,
  WorldRole,
  WorldSso,
  WorldUser,
} from './world-types.js';

/** The world that ships with the package: the article's story (packages/sandbox/src/worlds/default.yaml). */
export const DEFAULT_WORLD_URL = new URL('./worlds/default.yaml', import.meta.url);

type Raw = Record<string, unknown>;

export function loadWorldFile(path: string): { world: World; text: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new WorldError(`cannot read world file ${path}: ${(error as Error).message}`, { cause: error });
  }
  return { world: parseWorld(text, path), text };
}

export function parseWorld(text: string, source: string): World {
  const fail = (why: string): never => {
    throw new WorldError(`invalid world file ${source}: ${why}`, { hint: 'see docs/sandbox.md, "Writing a world"' });
  };
  let raw: Raw;
  try {
    raw = load(text) as Raw;
  } catch (error) {
    return fail((error as Error).message.split('\n')[0]!);
  }
  if (!raw || typeof raw !== 'object') fail('expected a YAML mapping');
  const account = String(raw.account ?? '');
  if (!/^\d{12}$/.test(account)) fail('`account` must be a 12-digit AWS account id');
  const checked = (doc: PolicyDocument, what: string): PolicyDocument => {
    const why = unsupportedInPolicy(doc);
    return why === undefined ? doc : fail(`${what}: ${why}`);
  };
  const named = Object.fromEntries(
    Object.entries((raw.policies ?? {}) as Record<string, PolicyDocument>).map(([n, d]) => [
      n,
      checked(d, `policy ${n}`),
    ]),
  );
  const policies = (list: unknown, owner: string): PolicyDocument[] =>
    ((list ?? []) as unknown[]).map((p) =>
      typeof p === 'string'
        ? (named[p] ?? fail(`${owner} names unknown policy "${p}"`))
        : checked(p as PolicyDocument, `${owner}, inline policy`),
    );

  const users: WorldUser[] = Object.entries((raw.users ?? {}) as Record<string, Raw>).map(([name, u]) => {
    const keys = (u?.accessKeys as Array<{ id: string; secret: string; status?: string }> | undefined) ?? [
      { id: awsId('AKIA'), secret: secretKey() },
    ];
    const user: WorldUser = {
      name,
      arn: `arn:aws:iam::${account}:user/${name}`,
      id: awsId('AIDA'),
      accessKeys: keys.map((k) => ({
        id: k.id,
        secret: k.secret,
        status: k.status === 'Inactive' ? 'Inactive' : 'Active',
      })),
      policies: policies(u?.policies, `user ${name}`),
    };
    if (typeof u?.mfaSecret === 'string') {
      user.mfaSecret = u.mfaSecret;
      user.mfaSerial = `arn:aws:iam::${account}:mfa/${name}`;
    }
    return user;
  });

  const roles: WorldRole[] = Object.entries((raw.roles ?? {}) as Record<string, Raw>).map(([name, r]) => {
    const path = typeof r?.path === 'string' ? r.path : '/';
    if (!path.startsWith('/') || !path.endsWith('/')) fail(`role ${name}: path must start and end with "/"`);
    const max = Number(r?.maxSessionDuration ?? 3600);
    if (!Number.isInteger(max) || max < 3600 || max > 43200)
      fail(`role ${name}: maxSessionDuration must be 3600..43200`);
    if (!r?.trustPolicy) fail(`role ${name}: trustPolicy is required`);
    checked(r.trustPolicy as PolicyDocument, `role ${name}, trustPolicy`);
    return {
      name,
      path,
      arn: `arn:aws:iam::${account}:role${path}${name}`,
      id: awsId('AROA'),
      maxSessionDuration: max,
      trustPolicy: r.trustPolicy as PolicyDocument,
      policies: policies(r.policies, `role ${name}`),
    };
  });

  const clusters = ((raw.clusters ?? []) as Raw[]).map((c) => parseCluster(c, fail));
  if (clusters.length === 0) fail('at least one cluster is needed');
  const sso =
    raw.sso === undefined ? undefined : parseSso(raw.sso as Raw, account, clusters[0]!.region, roles, policies, fail);
  const bundle = (raw.bundle ?? {}) as Raw;
  const groups = ((bundle.groups ?? []) as World['groups']).map((g) => {
    if (g.role === undefined && g.sso === undefined)
      fail(`bundle group ${g.name} needs a role, an sso permission set, or both`);
    if (g.role !== undefined && !roles.some((r) => r.name === g.role))
      fail(`bundle group ${g.name} names unknown role "${g.role}"`);
    if (g.sso !== undefined && !sso?.permissionSets.some((p) => p.name === g.sso))
      fail(`bundle group ${g.name} names unknown permission set "${g.sso}" (see sso.permissionSets)`);
    return g;
  });
  return {
    account,
    bundleName: String(bundle.name ?? 'sandbox'),
    groups,
    users,
    roles,
    clusters,
    ...(sso ? { sso } : {}),
  };
}

/**
 * `sso:` (IAM Identity Center): permission sets become roles AWSReservedSSO_<name>_<16 hex> under
 * /aws-reserved/sso.amazonaws.com/, as IAM Identity Center provisions them (the suffix is derived from the
 * account and name unless `roleSuffix` pins it), trusted only by the portal's GetRoleCredentials.
 */
function parseSso(
  raw: Raw,
  account: string,
  defaultRegion: string,
  roles: WorldRole[],
  policies: (list: unknown, owner: string) => PolicyDocument[],
  fail: (why: string) => never,
): WorldSso {
  const startUrl = String(raw.startUrl ?? 'https://d-9067c2b1f0.awsapps.com/start');
  if (!/^https:\/\/[^/\s]+\/start$/.test(startUrl))
    fail(`sso.startUrl must look like https://<id>.awsapps.com/start (got ${startUrl})`);
  const permissionSets = Object.entries((raw.permissionSets ?? {}) as Record<string, Raw>).map(([name, p]) => {
    if (!/^[\w+=,.@-]{1,32}$/.test(name)) fail(`sso permission set "${name}": 1-32 letters, digits and +=,.@-_`);
    const suffix =
      typeof p?.roleSuffix === 'string'
        ? p.roleSuffix
        : createHash('sha256').update(`${account}/${name}`).digest('hex').slice(0, 16);
    const roleName = `AWSReservedSSO_${name}_${suffix}`;
    const seconds = Number(p?.sessionDuration ?? 3600);
    if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43200)
      fail(`sso permission set ${name}: sessionDuration must be 900..43200`);
    roles.push({
      name: roleName,
      path: PERMISSION_SET_PATH,
      arn: `arn:aws:iam::${account}:role${PERMISSION_SET_PATH}${roleName}`,
      id: awsId('AROA'),
      maxSessionDuration: Math.max(seconds, 3600),
      // IAM Identity Center's SAML provider is the only principal; the portal mints the sessions itself.
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${account}:saml-provider/AWSSSO_sandbox_DO_NOT_DELETE` },
            Action: 'sts:AssumeRoleWithSAML',
          },
        ],
      },
      policies: policies(p?.policies, `sso permission set ${name}`),
    });
    return { name, role: roleName, sessionDurationSeconds: seconds };
  });
  const users = Object.entries((raw.users ?? {}) as Record<string, Raw>).map(([name, u]) => {
    const sets = ((u?.permissionSets ?? []) as unknown[]).map(String);
    for (const set of sets)
      if (!permissionSets.some((p) => p.name === set)) fail(`sso user ${name} names unknown permission set "${set}"`);
    return { name, permissionSets: sets };
  });
  if (users.length === 0) fail('sso.users must name at least one user (the first one signs in in the browser)');
  const seconds = (key: string, fallback: number): number => {
    const value = Number(raw[key] ?? fallback);
    return Number.isInteger(value) && value > 0 ? value : fail(`sso.${key} must be a whole number of seconds`);
  };
  return {
    startUrl,
    region: String(raw.region ?? defaultRegion),
    users,
    permissionSets,
    accessTokenSeconds: seconds('accessTokenSeconds', 3600),
    deviceIntervalSeconds: seconds('deviceIntervalSeconds', 1),
  };
}

function parseCluster(c: Raw, fail: (why: string) => never): WorldCluster {
  const name = String(c.name ?? '');
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(name)) fail(`cluster name "${name}" is not a valid EKS cluster name`);
  const manifests = (
    typeof c.manifests === 'string' ? loadAll(c.manifests) : ((c.manifests ?? []) as unknown[])
  ).filter(Boolean) as KubeObject[];
  const pods = ((c.pods ?? []) as Array<Partial<WorldPod>>).map((p) => ({
    name: String(p.name),
    namespace: p.namespace ?? 'default',
    image: p.image ?? 'busybox',
    log: p.log ?? '',
  }));
  const cluster: WorldCluster = {
    name,
    region: String(c.region ?? 'eu-west-1'),
    selfSubjectReviewV1: c.selfSubjectReviewV1 !== false,
    awsAuth: parseAwsAuth(c.awsAuth, fail),
    accessEntries: ((c.accessEntries ?? []) as AccessEntry[]).map((e) => ({
      ...e,
      kubernetesGroups: e.kubernetesGroups ?? [],
      accessPolicies: e.accessPolicies ?? [],
    })),
    authenticationMode: parseMode(c.authenticationMode, fail),
    admins: ((c.admins ?? []) as unknown[]).map(String),
    manifests,
    pods,
  };
  if (typeof c.clusterId === 'string') cluster.clusterId = c.clusterId;
  return cluster;
}

function parseMode(value: unknown, fail: (why: string) => never): WorldCluster['authenticationMode'] {
  if (value === undefined) return 'API_AND_CONFIG_MAP';
  if (value === 'CONFIG_MAP' || value === 'API_AND_CONFIG_MAP' || value === 'API') return value;
  return fail(`authenticationMode must be CONFIG_MAP, API_AND_CONFIG_MAP or API (got ${JSON.stringify(value)})`);
}

/** Accepts the ConfigMap as YAML text or object, or just its `data` (mapRoles/mapUsers as YAML text or lists). */
export function parseAwsAuth(value: unknown, fail: (why: string) => never): AwsAuth {
  const doc = (typeof value === 'string' ? load(value) : (value ?? {})) as Raw;
  const data = (doc.kind === 'ConfigMap' ? doc.data : doc) as Raw | undefined;
  const list = (v: unknown): unknown[] => {
    const parsed = typeof v === 'string' ? load(v) : v;
    if (parsed === undefined || parsed === null) return [];
    if (!Array.isArray(parsed)) fail('aws-auth mapRoles/mapUsers/mapAccounts must be lists');
    return parsed as unknown[];
  };
  return {
    mapRoles: list(data?.mapRoles) as AwsAuth['mapRoles'],
    mapUsers: list(data?.mapUsers) as AwsAuth['mapUsers'],
    mapAccounts: list(data?.mapAccounts).map(String),
  };
}
