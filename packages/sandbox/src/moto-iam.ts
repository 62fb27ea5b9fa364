// The sandbox's IAM world read live from a moto server: users, their access keys (with secrets), their
// inline policies and those of their groups, and roles with trust and inline policies, from moto's
// GET /moto-api/data.json before each request the sandbox authenticates. So IAM changes made through
// moto's IAM API (e.g. by `eks-login admin apply`) decide at once who may AssumeRole in the sandbox's STS,
// whose SigV4 the sandbox EKS API accepts and whose token a cluster maps. moto itself checks no policy;
// the sandbox evaluates them (docs/sandbox.md, "IAM from moto").
// data.json lists every object moto ever made, deleted ones included, so the live users, groups and roles
// come from moto's IAM API (ListUsers, ListGroups, ListRoles: their unique ids) and data.json adds what the
// API never returns (secret keys) and the policy documents.
import { IAMClient, ListGroupsCommand, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { unsupportedInPolicy } from './iam-policy.js';
import type { PolicyDocument, World, WorldRole, WorldUser } from './world-types.js';

interface MotoIam {
  User?: Array<{ name: string; arn: string; id: string; group_list?: string[]; policies?: Record<string, string> }>;
  AccessKey?: Array<{ access_key_id: string; secret_access_key: string; status: string; user_name: string }>;
  Group?: Array<{ name: string; id: string; policies?: Record<string, string> }>;
  Role?: Array<{
    name: string;
    path: string;
    arn: string;
    id: string;
    max_session_duration?: number;
    assume_role_policy_document: string;
    policies?: Record<string, string>;
  }>;
}

function doc(text: string): PolicyDocument | undefined {
  try {
    return JSON.parse(text) as PolicyDocument;
  } catch {
    try {
      return JSON.parse(decodeURIComponent(text)) as PolicyDocument;
    } catch {
      return undefined;
    }
  }
}

/** Returns refresh(): replaces `world.users` and `world.roles` with moto's (plus the world file's own, unless moto has the same name). */
export function motoIamSource(endpoint: string, world: World, log: (line: string) => void): () => Promise<void> {
  const fileUsers = world.users;
  const fileRoles = world.roles;
  const usable = (d: PolicyDocument | undefined, what: string): PolicyDocument[] => {
    if (!d) return [];
    const why = unsupportedInPolicy(d);
    if (why === undefined) return [d];
    log(`moto IAM: ${what} ignored: ${why}`);
    return [];
  };
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new IAMClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIASANDBOXREADSMOTO', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  });
  const live = async (): Promise<Set<string>> => {
    const ids = new Set<string>();
    const pages = async <T>(
      send: (marker?: string) => Promise<{ IsTruncated?: boolean; Marker?: string; items: T[] }>,
      id: (item: T) => string | undefined,
    ): Promise<void> => {
      let marker: string | undefined;
      do {
        const page = await send(marker);
        for (const item of page.items) ids.add(id(item) ?? '');
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
    };
    await Promise.all([
      pages(
        async (Marker) => {
          const o = await client.send(new ListUsersCommand({ Marker }));
          return { ...o, items: o.Users ?? [] };
        },
        (u) => u.UserId,
      ),
      pages(
        async (Marker) => {
          const o = await client.send(new ListGroupsCommand({ Marker }));
          return { ...o, items: o.Groups ?? [] };
        },
        (g) => g.GroupId,
      ),
      pages(
        async (Marker) => {
          const o = await client.send(new ListRolesCommand({ Marker }));
          return { ...o, items: o.Roles ?? [] };
        },
        (r) => r.RoleId,
      ),
    ]);
    return ids;
  };
  return async () => {
    const [response, ids] = await Promise.all([
      fetch(new URL('/moto-api/data.json', endpoint), { signal: AbortSignal.timeout(5_000) }),
      live(),
    ]);
    if (!response.ok) throw new Error(`moto ${endpoint}/moto-api/data.json answered HTTP ${response.status}`);
    const iam = ((await response.json()) as { iam?: MotoIam }).iam ?? {};
    const groups = new Map((iam.Group ?? []).filter((g) => ids.has(g.id)).map((g) => [g.name, g]));
    const users: WorldUser[] = (iam.User ?? [])
      .filter((u) => ids.has(u.id))
      .map((u) => ({
        name: u.name,
        arn: u.arn,
        id: u.id,
        accessKeys: (iam.AccessKey ?? [])
          .filter((k) => k.user_name === u.name)
          .map((k) => ({
            id: k.access_key_id,
            secret: k.secret_access_key,
            status: k.status === 'Inactive' ? 'Inactive' : 'Active',
          })),
        policies: [
          ...Object.entries(u.policies ?? {}).flatMap(([n, t]) => usable(doc(t), `user ${u.name} policy ${n}`)),
          ...(u.group_list ?? []).flatMap((g) =>
            Object.entries(groups.get(g)?.policies ?? {}).flatMap(([n, t]) => usable(doc(t), `group ${g} policy ${n}`)),
          ),
        ],
      }));
    const roles: WorldRole[] = (iam.Role ?? [])
      .filter((r) => ids.has(r.id))
      .flatMap((r) => {
        const trust = usable(doc(r.assume_role_policy_document), `role ${r.name} trust policy`)[0];
        if (!trust) return [];
        return [
          {
            name: r.name,
            path: r.path,
            arn: r.arn,
            id: r.id,
            maxSessionDuration: r.max_session_duration ?? 3600,
            trustPolicy: trust,
            policies: Object.entries(r.policies ?? {}).flatMap(([n, t]) =>
              usable(doc(t), `role ${r.name} policy ${n}`),
            ),
          },
        ];
      });
    world.users = [...fileUsers.filter((f) => !users.some((u) => u.name === f.name)), ...users];
    world.roles = [...fileRoles.filter((f) => !roles.some((r) => r.name === f.name)), ...roles];
  };
}
