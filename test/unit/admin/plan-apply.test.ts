// The admin planner and applier over in-memory ports: step order, the aws-auth read-modify-write under a
// concurrent edit, conflicts for unowned objects, and the access-entry username rule.
import { dump, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/admin/apply.js';
import { entryUsername } from '../../../src/admin/names.js';
import { planAccess, type AdminDeps } from '../../../src/admin/plan.js';
import type { AdminPlan } from '../../../src/admin/model.js';
import type {
  EksPort,
  IamPort,
  KubeObject,
  KubePort,
  ObservedAccessEntry,
  ObservedIamGroup,
  IamRole,
} from '../../../src/kernel/admin-ports.js';
import type { AccessFile } from '../../../src/admin/access/types.js';

const identity = { account: '123456789012', partition: 'aws', arn: 'arn:aws:iam::123456789012:user/admin' };
const yaml = { parse: (t: string) => load(t), dump: (v: unknown) => dump(v) };

function access(mapping: 'access-entries' | 'aws-auth'): AccessFile {
  return {
    apiVersion: 'eks-login/v1',
    kind: 'Access',
    name: 'acme',
    clusters: [{ name: 'demo', region: 'eu-west-1', mapping }],
    groups: [
      {
        name: 'developers',
        role: { name: 'developers' },
        members: ['mike'],
        kubernetes: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
      },
    ],
  };
}

function world(mode: 'API_AND_CONFIG_MAP' | 'CONFIG_MAP' = 'API_AND_CONFIG_MAP') {
  const roles = new Map<string, IamRole>();
  const groups = new Map<string, ObservedIamGroup>();
  const entries = new Map<string, ObservedAccessEntry>();
  const objects = new Map<string, KubeObject>();
  const calls: string[] = [];
  let configMap: KubeObject | undefined = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'aws-auth', namespace: 'kube-system', resourceVersion: '1' },
    data: {
      mapRoles: dump([
        {
          rolearn: 'arn:aws:iam::123456789012:role/nodes',
          username: 'system:node:{{EC2PrivateDNSName}}',
          groups: ['system:nodes'],
        },
      ]),
    },
  };
  let concurrentEdits = 0;
  const iam: IamPort = {
    getRole: async (n) => roles.get(n),
    getGroup: async (n) => groups.get(n),
    listGroupNames: async (prefix) => [...groups.values()].filter((g) => g.path.startsWith(prefix)).map((g) => g.name),
    userExists: async (n) => n === 'mike',
    findSsoRole: async () => undefined,
    createRole: async (i) =>
      void (
        calls.push(`iam create role ${i.name}`),
        roles.set(i.name, {
          name: i.name,
          path: i.path,
          arn: `arn:aws:iam::123456789012:role${i.path}${i.name}`,
          trustPolicy: i.trustPolicy,
          maxSessionDuration: i.maxSessionDuration,
          tags: i.tags,
        })
      ),
    updateTrustPolicy: async () => void calls.push('iam trust'),
    updateMaxSession: async () => void calls.push('iam max'),
    deleteRole: async (n) => void (calls.push(`iam delete role ${n}`), roles.delete(n)),
    createGroup: async (n, path) =>
      void (calls.push(`iam create group ${n}`), groups.set(n, { name: n, path, members: [], policies: {} })),
    putGroupPolicy: async (g, p, d) => void (calls.push(`iam put policy ${g}`), (groups.get(g)!.policies[p] = d)),
    addUserToGroup: async (g, u) => void (calls.push(`iam add ${u}`), groups.get(g)!.members.push(u)),
    removeUserFromGroup: async () => void calls.push('iam remove'),
    deleteGroupPolicy: async () => void calls.push('iam delete policy'),
    deleteGroup: async () => void calls.push('iam delete group'),
  };
  const eks: EksPort = {
    describeCluster: async (name) => ({
      name,
      endpoint: 'https://127.0.0.1:1',
      certificateAuthorityData: 'Q0E=',
      authenticationMode: mode,
    }),
    listAccessEntries: async () => [...entries.keys()],
    describeAccessEntry: async (_c, _r, arn) => entries.get(arn),
    createAccessEntry: async (_c, _r, e) =>
      void (calls.push(`eks create ${e.principalArn}`), entries.set(e.principalArn, { ...e, policies: [] })),
    updateAccessEntry: async () => void calls.push('eks update'),
    deleteAccessEntry: async () => void calls.push('eks delete'),
    associateAccessPolicy: async () => void calls.push('eks associate'),
    disassociateAccessPolicy: async () => void calls.push('eks disassociate'),
  };
  const kube: KubePort = {
    get: async (kind, name, ns) =>
      kind === 'ConfigMap'
        ? configMap
          ? structuredClone(configMap)
          : undefined
        : objects.get(`${kind}/${ns ?? ''}/${name}`),
    list: async (kind) => [...objects.values()].filter((o) => o.kind === kind),
    apply: async (o) =>
      void (
        calls.push(`kube apply ${o.kind} ${o.metadata.name}`),
        objects.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o)
      ),
    delete: async (kind, name) => void calls.push(`kube delete ${kind} ${name}`),
    writeConfigMap: async (o) => {
      calls.push('kube write aws-auth');
      if (concurrentEdits > 0) {
        // Someone else writes first: a new entry, a new resourceVersion; this write is refused (409).
        concurrentEdits -= 1;
        const roles = (load(String((configMap!.data as Record<string, string>).mapRoles)) as unknown[]) ?? [];
        configMap = {
          ...configMap!,
          metadata: {
            ...configMap!.metadata,
            resourceVersion: String(Number(configMap!.metadata.resourceVersion) + 1),
          },
          data: {
            mapRoles: dump([
              ...roles,
              { rolearn: 'arn:aws:iam::123456789012:role/other-tool', username: 'x', groups: ['x'] },
            ]),
          },
        };
        return false;
      }
      if (o.metadata.resourceVersion !== configMap?.metadata.resourceVersion) return false;
      configMap = {
        ...o,
        metadata: { ...o.metadata, resourceVersion: String(Number(o.metadata.resourceVersion) + 1) },
      };
      return true;
    },
  };
  const deps: AdminDeps = { identity, iam, eks, yaml, kube: async () => kube };
  return {
    deps,
    calls,
    roles,
    entries,
    objects,
    mapRoles: () =>
      load(String((configMap!.data as Record<string, string>).mapRoles)) as Array<{
        rolearn: string;
        groups: string[];
      }>,
    concurrent: (n: number) => (concurrentEdits = n),
  };
}

const applyDeps = (deps: AdminDeps) => ({
  iam: deps.iam,
  eks: deps.eks,
  yaml: deps.yaml,
  kube: () =>
    deps.kube({
      name: 'demo',
      region: 'eu-west-1',
      description: { name: 'demo', endpoint: '', certificateAuthorityData: '', authenticationMode: 'API' },
    }),
});

describe('admin plan and apply over in-memory ports', () => {
  it('orders the steps IAM → EKS access → RBAC, and a second plan is empty', async () => {
    const w = world();
    const { plan } = await planAccess(access('access-entries'), w.deps, { prune: false });
    expect(plan.conflicts).toEqual([]);
    expect(await applyPlan(plan, applyDeps(w.deps))).toMatchObject({ notRun: [] });
    const firstEks = w.calls.findIndex((c) => c.startsWith('eks'));
    const firstKube = w.calls.findIndex((c) => c.startsWith('kube'));
    expect(w.calls.slice(0, firstEks).every((c) => c.startsWith('iam'))).toBe(true);
    expect(w.calls.slice(firstEks, firstKube).every((c) => c.startsWith('eks'))).toBe(true);
    expect(w.entries.get('arn:aws:iam::123456789012:role/developers')).toMatchObject({
      username: 'eks-login:{{SessionName}}',
      kubernetesGroups: ['eks-login:developers'],
      tags: { 'app.kubernetes.io/managed-by': 'eks-login', 'eks-login/access': 'acme' },
    });
    const again = await planAccess(access('access-entries'), w.deps, { prune: false });
    expect(again.plan.steps).toEqual([]);
    expect(again.plan.changes).toEqual([]);
  });

  it('edits aws-auth read-modify-write: a concurrent writer (409) is re-read, every foreign entry kept', async () => {
    const w = world('CONFIG_MAP');
    const { plan } = await planAccess(access('aws-auth'), w.deps, { prune: false });
    w.concurrent(1);
    expect(await applyPlan(plan, applyDeps(w.deps))).toMatchObject({ notRun: [] });
    expect(w.calls.filter((c) => c === 'kube write aws-auth')).toHaveLength(2);
    expect(w.mapRoles().map((e) => e.rolearn)).toEqual([
      'arn:aws:iam::123456789012:role/nodes',
      'arn:aws:iam::123456789012:role/other-tool',
      'arn:aws:iam::123456789012:role/developers',
    ]);
    expect(w.mapRoles()[2]!.groups).toEqual(['eks-login:developers']);
  });

  it('an unowned role or access entry of the same name is a conflict, never a step', async () => {
    const w = world();
    w.roles.set('developers', {
      name: 'developers',
      path: '/',
      arn: 'arn:aws:iam::123456789012:role/developers',
      trustPolicy: {},
      maxSessionDuration: 3600,
      tags: {},
    });
    w.entries.set('arn:aws:iam::123456789012:role/developers', {
      principalArn: 'arn:aws:iam::123456789012:role/developers',
      kubernetesGroups: ['ops'],
      tags: {},
      policies: [],
    });
    const { plan } = await planAccess(access('access-entries'), w.deps, { prune: false });
    expect(plan.conflicts.map((c) => c.target)).toEqual([
      'IAM role developers',
      'access entry arn:aws:iam::123456789012:role/developers',
    ]);
    expect(plan.steps.some((s) => s.step.kind === 'iam.updateTrust' || s.step.kind === 'eks.updateEntry')).toBe(false);
  });

  it('plans an access policy with a new entry, fixes a changed scope, and prunes only with --prune', async () => {
    const w = world();
    const file = access('access-entries');
    file.groups[0]!.kubernetes = { accessPolicy: 'edit', namespaces: ['ci', 'apps'] };
    const arn = 'arn:aws:iam::123456789012:role/developers';
    const policyArn = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy';
    const eksChanges = (plan: AdminPlan) => plan.changes.filter((c) => c.system === 'EKS access');
    const eksSteps = (plan: AdminPlan) => plan.steps.filter((s) => s.step.kind.startsWith('eks.'));

    const { plan } = await planAccess(file, w.deps, { prune: false });
    expect(eksChanges(plan)).toEqual([
      {
        system: 'EKS access',
        op: '+',
        target: `access entry ${arn}`,
        cluster: 'demo',
        details: [
          'username eks-login:{{SessionName}}',
          'groups eks-login:developers',
          'access policy AmazonEKSEditPolicy (namespaces apps, ci)',
        ],
      },
    ]);
    const scope = { type: 'namespace', namespaces: ['apps', 'ci'] };
    const associate = (op: string) => ({
      step: { kind: 'eks.associatePolicy', cluster: 'demo', region: 'eu-west-1', principalArn: arn, policyArn, scope },
      says: `${op} access policy of ${arn} in demo`,
    });
    expect(eksSteps(plan)).toEqual([
      expect.objectContaining({ says: `+ access entry ${arn} in demo` }),
      associate('+'),
    ]);

    await applyPlan(plan, applyDeps(w.deps));
    w.entries.get(arn)!.policies = [{ policyArn, accessScope: { type: 'cluster' } }];
    const changed = (await planAccess(file, w.deps, { prune: false })).plan;
    expect(eksChanges(changed)).toEqual([
      {
        system: 'EKS access',
        op: '~',
        target: `access entry ${arn}`,
        cluster: 'demo',
        details: ['~ access policy AmazonEKSEditPolicy (namespaces apps, ci)'],
      },
    ]);
    expect(eksSteps(changed)).toEqual([associate('~')]);

    const gone = { ...file, groups: [{ ...file.groups[0]!, name: 'ops', role: { name: 'ops' } }] };
    for (const prune of [false, true]) {
      const { plan: pruning } = await planAccess(gone, w.deps, { prune });
      expect(pruning.changes).toContainEqual({
        system: 'EKS access',
        op: '-',
        target: `access entry ${arn}`,
        cluster: 'demo',
        details: ['groups eks-login:developers'],
        pruneOnly: true,
      });
      expect(pruning.steps.some((s) => s.step.kind === 'eks.deleteEntry')).toBe(prune);
    }
  });

  it('puts a colon before {{SessionName}} in access-entry usernames only', () => {
    expect(entryUsername('{{SessionName}}', 'access-entries')).toBe('eks-login:{{SessionName}}');
    expect(entryUsername('dev:{{SessionName}}', 'access-entries')).toBe('dev:{{SessionName}}');
    expect(entryUsername('ci-bot', 'access-entries')).toBe('ci-bot');
    expect(entryUsername('{{SessionName}}', 'aws-auth')).toBe('{{SessionName}}');
  });
});
