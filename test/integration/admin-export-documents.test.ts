// `admin export` writes the same documents `admin apply` writes: apply runs over in-memory IAM, EKS and
// Kubernetes that record every write; the Terraform output is parsed with a real HCL parser (@cdktf/hcl2json),
// the CloudFormation template is checked by cfn-lint and read back, the Kubernetes manifests are loaded, and
// each is compared with what apply wrote (trust and group policies, members, access entries and their
// access policies, RBAC objects, the aws-auth entries), after filling in the account and partition.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { dump, load, loadAll } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { renderExport } from '../../src/admin/export.js';
import { yamlCodec } from '../../src/admin/yaml.node.js';
import { applyPlan } from '../../src/admin/apply.js';
import { planAccess, type AdminDeps } from '../../src/admin/plan.js';
import type {
  AccessScope,
  EksPort,
  IamPort,
  KubeObject,
  KubePort,
  PolicyDocument,
} from '../../src/kernel/admin-ports.js';
import { validateAccess } from '../../src/admin/access/validate.js';
import type { AccessFile } from '../../src/admin/access/types.js';
import { hasCfnLint } from '../support/tools.js';
import { TWO_CLUSTER_ACCESS_HEAD } from '../support/admin-offline.js';

// Loaded without its types: they pull in the DOM library, which changes Node's types for the whole program.
const { parse: parseHcl } = createRequire(import.meta.url)('@cdktf/hcl2json') as {
  parse(file: string, text: string): Promise<unknown>;
};

const ACCOUNT = '123456789012';
const SSO_ROLE = 'AWSReservedSSO_EKSReadOnly_0123456789abcdef';
const SSO_ARN = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/${SSO_ROLE}`;

const ACCESS_YAML = `${TWO_CLUSTER_ACCESS_HEAD}  - name: developers
    role: { name: developers, maxSessionSeconds: 7200 }
    members: [developer-mike, developer-ana]
    kubernetes:
      rules:
        - { apiGroups: [""], resources: [pods, pods/log], verbs: [get, list] }
        - { nonResourceURLs: [/healthz], verbs: [get] }
  - name: team-a
    role: { name: eks-team-a, path: /eks-login/, mfa: true }
    members: [alice]
    kubernetes:
      username: "team-a:{{SessionName}}"
      namespaces: [team-a, team-a-jobs]
      rules: [ { apiGroups: ["", apps], resources: ["*"], verbs: ["*"] } ]
  - name: viewers
    role: { name: viewers }
    kubernetes: { clusterRole: view }
  - name: deployers
    role: { name: eks-deployers, path: /ci/ }
    members: [ci-bot]
    clusters: [demo]
    kubernetes: { accessPolicy: edit, namespaces: [ci] }
  - name: readers
    sso: { startUrl: "https://acme.awsapps.com/start", region: eu-west-1, accountId: "${ACCOUNT}", roleName: EKSReadOnly }
    kubernetes: { clusterRole: view }
`;

const access = validateAccess(load(ACCESS_YAML)).access as AccessFile;

interface Written {
  roles: Map<
    string,
    { path: string; trustPolicy: PolicyDocument; maxSessionDuration: number; tags: Record<string, string> }
  >;
  groups: Map<string, { path: string; policies: Record<string, PolicyDocument>; members: string[] }>;
  entries: Map<
    string,
    {
      cluster: string;
      principalArn: string;
      username: string;
      kubernetesGroups: string[];
      tags: Record<string, string>;
      policies: Array<{ policyArn: string; scope: AccessScope }>;
    }
  >;
  objects: Map<string, KubeObject[]>;
  awsAuth: Map<string, unknown[]>;
}

/** planAccess + applyPlan over in-memory ports that keep what apply wrote. */
async function whatApplyWrites(file: AccessFile): Promise<Written> {
  const w: Written = {
    roles: new Map(),
    groups: new Map(),
    entries: new Map(),
    objects: new Map(),
    awsAuth: new Map(),
  };
  const iam: IamPort = {
    getRole: async () => undefined,
    getGroup: async () => undefined,
    listGroupNames: async () => [],
    userExists: async () => true,
    findSsoRole: async (ps) => (ps === 'EKSReadOnly' ? { name: SSO_ROLE, arn: SSO_ARN } : undefined),
    createRole: async (i) =>
      void w.roles.set(i.name, {
        path: i.path,
        trustPolicy: i.trustPolicy,
        maxSessionDuration: i.maxSessionDuration,
        tags: i.tags,
      }),
    updateTrustPolicy: async () => undefined,
    updateMaxSession: async () => undefined,
    deleteRole: async () => undefined,
    createGroup: async (n, path) => void w.groups.set(n, { path, policies: {}, members: [] }),
    putGroupPolicy: async (g, p, d) => void (w.groups.get(g)!.policies[p] = d),
    addUserToGroup: async (g, u) => void w.groups.get(g)!.members.push(u),
    removeUserFromGroup: async () => undefined,
    deleteGroupPolicy: async () => undefined,
    deleteGroup: async () => undefined,
  };
  const eks: EksPort = {
    describeCluster: async (name) => ({
      name,
      endpoint: 'https://127.0.0.1:1',
      certificateAuthorityData: 'Q0E=',
      authenticationMode: name === 'legacy' ? 'CONFIG_MAP' : 'API_AND_CONFIG_MAP',
    }),
    listAccessEntries: async () => [],
    describeAccessEntry: async () => undefined,
    createAccessEntry: async (cluster, _r, e) =>
      void w.entries.set(`${cluster} ${e.principalArn}`, { cluster, ...e, policies: [] }),
    updateAccessEntry: async () => undefined,
    deleteAccessEntry: async () => undefined,
    associateAccessPolicy: async (cluster, _r, arn, policyArn, scope) =>
      void w.entries.get(`${cluster} ${arn}`)!.policies.push({ policyArn, scope }),
    disassociateAccessPolicy: async () => undefined,
  };
  const kube = (cluster: string): KubePort => ({
    get: async () => undefined,
    list: async () => [],
    apply: async (o) => void w.objects.set(cluster, [...(w.objects.get(cluster) ?? []), o]),
    delete: async () => undefined,
    writeConfigMap: async (o) => (
      w.awsAuth.set(cluster, load(String((o.data as Record<string, string>).mapRoles)) as unknown[]),
      true
    ),
  });
  const deps: AdminDeps = {
    identity: { account: ACCOUNT, partition: 'aws', arn: `arn:aws:iam::${ACCOUNT}:user/admin` },
    iam,
    eks,
    yaml: { parse: load, dump: (v) => dump(v) },
    kube: async (c) => kube(c.name),
  };
  const { plan } = await planAccess(file, deps, { prune: false });
  expect(plan.conflicts).toEqual([]);
  const outcome = await applyPlan(plan, { iam, eks, yaml: deps.yaml, kube: async (c) => kube(c) });
  expect(outcome.failed).toBeUndefined();
  return w;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('admin export writes the documents admin apply writes', async () => {
  const applied = await whatApplyWrites(access);

  it("terraform: parsed by hcl2json, every policy, entry, binding and aws-auth entry equals apply's", async () => {
    const text = renderExport(access, { file: 'access.yaml', format: 'terraform' }, yamlCodec);
    const hcl = (await parseHcl('eks-login.tf', text)) as {
      resource: Record<string, Record<string, Array<Record<string, unknown>>>>;
      output: Record<string, Array<{ value: unknown }>>;
      data: Record<string, unknown>;
    };
    // What Terraform fills in at plan time: the data sources' account, partition and the sso role.
    const resolve = (value: unknown): unknown =>
      typeof value === 'string'
        ? value
            .replaceAll('${data.aws_partition.current.partition}', 'aws')
            .replaceAll('${data.aws_caller_identity.current.account_id}', ACCOUNT)
            .replaceAll('${one(data.aws_iam_roles.sso__readers.arns)}', SSO_ARN)
            .replaceAll('${one(data.aws_iam_roles.sso__readers.names)}', SSO_ROLE)
            .replaceAll('$${', '${')
            .replaceAll('%%{', '%{')
        : Array.isArray(value)
          ? value.map(resolve)
          : value && typeof value === 'object'
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]))
            : value;
    const r = resolve(hcl.resource) as typeof hcl.resource;
    expect(hcl.data).toHaveProperty('aws_caller_identity');
    expect(hcl.data).toHaveProperty('aws_partition');
    expect(text).not.toContain(ACCOUNT);
    // The identity binding (docs/admin.md): members assume the role only under their own IAM user name,
    // the policy variable escaped so Terraform writes it literally.
    expect(text).toContain('"sts:RoleSessionName": "$${aws:username}"');
    expect(text).toContain('"sts:SourceIdentity": "$${aws:username}"');
    expect(text).toContain('"sts:SetSourceIdentity"');

    const tfRoles = Object.values(r.aws_iam_role!).map(([x]) => x!);
    expect(tfRoles.map((x) => x.name).sort()).toEqual([...applied.roles.keys()].sort());
    for (const role of tfRoles) {
      const a = applied.roles.get(role.name as string)!;
      expect(JSON.parse(role.assume_role_policy as string)).toEqual(a.trustPolicy);
      expect(role).toMatchObject({ path: a.path, max_session_duration: a.maxSessionDuration, tags: a.tags });
    }
    const tfGroups = Object.entries(r.aws_iam_group!).map(([label, [x]]) => ({
      label,
      ...(x as { name: string; path: string }),
    }));
    expect(tfGroups.map((g) => g.name).sort()).toEqual([...applied.groups.keys()].sort());
    for (const g of tfGroups) {
      const a = applied.groups.get(g.name as string)!;
      expect(g.path).toBe(a.path);
      const [policy] = r.aws_iam_group_policy![g.label]!;
      expect(policy!.group).toBe(`\${aws_iam_group.${g.label}.name}`);
      expect({ [policy!.name as string]: JSON.parse(policy!.policy as string) }).toEqual(a.policies);
      expect(((r.aws_iam_group_membership![g.label]?.[0]?.users as string[]) ?? []).sort()).toEqual(
        [...a.members].sort(),
      );
    }
    const tfEntries = Object.values(r.aws_eks_access_entry!).map(([x]) => x!);
    expect(tfEntries.map((e) => `${e.cluster_name} ${e.principal_arn}`).sort()).toEqual(
      [...applied.entries.keys()].sort(),
    );
    for (const e of tfEntries) {
      const a = applied.entries.get(`${e.cluster_name} ${e.principal_arn}`)!;
      expect(e).toMatchObject({
        user_name: a.username,
        kubernetes_groups: a.kubernetesGroups,
        tags: a.tags,
        type: 'STANDARD',
      });
      const assoc = Object.values(r.aws_eks_access_policy_association ?? {})
        .map(([x]) => x!)
        .filter((x) => x.cluster_name === e.cluster_name && x.principal_arn === e.principal_arn);
      expect(assoc.map((x) => ({ policyArn: x.policy_arn, scope: (x.access_scope as unknown[])[0] }))).toEqual(
        a.policies.map((p) => ({ policyArn: p.policyArn, scope: p.scope })),
      );
    }
    // RBAC: the provider's blocks turned back into Kubernetes objects.
    for (const cluster of ['demo', 'legacy']) {
      const objects: KubeObject[] = [];
      const kinds = {
        kubernetes_cluster_role_v1: 'ClusterRole',
        kubernetes_cluster_role_binding_v1: 'ClusterRoleBinding',
        kubernetes_role_binding_v1: 'RoleBinding',
      } as const;
      for (const [type, kind] of Object.entries(kinds)) {
        for (const [x] of Object.values(r[type] ?? {})) {
          if (x!.provider !== `\${kubernetes.${cluster}}`) continue;
          const [meta] = x!.metadata as Array<{ name: string; namespace?: string; labels: Record<string, string> }>;
          const object: KubeObject = {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind,
            metadata: {
              name: meta!.name,
              ...(meta!.namespace ? { namespace: meta!.namespace } : {}),
              labels: meta!.labels,
            },
          };
          if (kind === 'ClusterRole') {
            object.rules = (x!.rule as Array<Record<string, string[]>>).map((rule) => ({
              ...(rule.api_groups ? { apiGroups: rule.api_groups } : {}),
              ...(rule.resources ? { resources: rule.resources } : {}),
              verbs: rule.verbs,
              ...(rule.non_resource_urls ? { nonResourceURLs: rule.non_resource_urls } : {}),
            }));
          } else {
            const [ref] = x!.role_ref as Array<{ api_group: string; kind: string; name: string }>;
            object.subjects = (x!.subject as Array<{ kind: string; name: string; api_group: string }>).map((s) => ({
              kind: s.kind,
              apiGroup: s.api_group,
              name: s.name,
            }));
            object.roleRef = { apiGroup: ref!.api_group, kind: ref!.kind, name: ref!.name };
          }
          objects.push(object);
        }
      }
      expect(sortObjects(objects)).toEqual(sortObjects(applied.objects.get(cluster)!));
    }
    // aws-auth: an output with the entries apply merges, never a resource on the ConfigMap.
    expect(Object.keys(r)).not.toContain('kubernetes_config_map_v1');
    expect(Object.keys(r)).not.toContain('kubernetes_config_map_v1_data');
    const [out] = hcl.output.aws_auth_merge__legacy!;
    expect(resolve(out!.value)).toEqual(applied.awsAuth.get('legacy'));
  });

  it('terraform: the file is as `terraform fmt` writes it (when terraform is installed)', async (t) => {
    const fmt = spawnSync('terraform', ['fmt', '-'], {
      input: renderExport(access, { file: 'access.yaml', format: 'terraform' }, yamlCodec),
      encoding: 'utf8',
    });
    if (fmt.error) {
      console.warn('SKIP: terraform is not installed; the formatting check is skipped');
      return t.skip();
    }
    expect(fmt.stdout).toBe(renderExport(access, { file: 'access.yaml', format: 'terraform' }, yamlCodec));
  });

  it.skipIf(!hasCfnLint())(
    "cloudformation: cfn-lint finds no error, and the template holds apply's documents",
    async () => {
      const text = renderExport(access, { file: 'access.yaml', format: 'cloudformation' }, yamlCodec);
      const dir = mkdtempSync(join(tmpdir(), 'eks-login-cfn-'));
      dirs.push(dir);
      writeFileSync(join(dir, 'template.yaml'), text);
      // Exit 2 = errors (4 warnings, 8 informational; bits combine): no error-level finding.
      const lint = spawnSync('cfn-lint', ['--format', 'parseable', '--', join(dir, 'template.yaml')], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(lint.status! & 2, lint.stdout + lint.stderr).toBe(0);
      expect(lint.stdout).not.toMatch(/:E\d+:/);

      const template = load(text) as {
        Resources: Record<string, { Type: string; DependsOn?: string; Properties: Record<string, unknown> }>;
        Outputs: Record<string, { Value: unknown }>;
        Parameters: Record<string, unknown>;
      };
      const params: Record<string, string> = {
        'AWS::AccountId': ACCOUNT,
        'AWS::Partition': 'aws',
        SsoRoleNameReaders: SSO_ROLE,
        SsoRolePathReaders: 'aws-reserved/sso.amazonaws.com',
      };
      const sub = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(sub);
        if (value && typeof value === 'object') {
          const v = value as Record<string, unknown>;
          if (typeof v['Fn::Sub'] === 'string')
            return (v['Fn::Sub'] as string).replace(/\$\{(!?)([^}]*)\}/g, (_, bang: string, name: string) =>
              bang ? `\${${name}}` : params[name]!,
            );
          return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sub(x)]));
        }
        return value;
      };
      const resources = Object.values(sub(template.Resources) as typeof template.Resources);
      const ofType = (t: string) => resources.filter((x) => x.Type === t).map((x) => x.Properties);
      const tags = (list: unknown) =>
        Object.fromEntries((list as Array<{ Key: string; Value: string }>).map((t) => [t.Key, t.Value]));
      expect(
        ofType('AWS::IAM::Role')
          .map((x) => x.RoleName)
          .sort(),
      ).toEqual([...applied.roles.keys()].sort());
      for (const role of ofType('AWS::IAM::Role')) {
        const a = applied.roles.get(role.RoleName as string)!;
        expect(role.AssumeRolePolicyDocument).toEqual(a.trustPolicy);
        expect({ path: role.Path, max: role.MaxSessionDuration, tags: tags(role.Tags) }).toEqual({
          path: a.path,
          max: a.maxSessionDuration,
          tags: a.tags,
        });
      }
      for (const group of ofType('AWS::IAM::Group')) {
        const a = applied.groups.get(group.GroupName as string)!;
        expect(group.Path).toBe(a.path);
        expect(
          Object.fromEntries(
            (group.Policies as Array<{ PolicyName: string; PolicyDocument: unknown }>).map((p) => [
              p.PolicyName,
              p.PolicyDocument,
            ]),
          ),
        ).toEqual(a.policies);
      }
      // The identity binding: a plain string (no Fn::Sub), so CloudFormation hands ${aws:username} to IAM as is.
      expect(text).toContain('sts:RoleSessionName: ${aws:username}');
      expect(text).toContain('sts:SourceIdentity: ${aws:username}');
      const members = ofType('AWS::IAM::UserToGroupAddition').flatMap((x) => x.Users as string[]);
      expect(members.sort()).toEqual([...applied.groups.values()].flatMap((g) => g.members).sort());
      const entries = ofType('AWS::EKS::AccessEntry');
      expect(entries.map((e) => `${e.ClusterName} ${e.PrincipalArn}`).sort()).toEqual(
        [...applied.entries.keys()].sort(),
      );
      for (const e of entries) {
        const a = applied.entries.get(`${e.ClusterName} ${e.PrincipalArn}`)!;
        expect({ username: e.Username, groups: e.KubernetesGroups, tags: tags(e.Tags) }).toEqual({
          username: a.username,
          groups: a.kubernetesGroups,
          tags: a.tags,
        });
        const policies = (
          (e.AccessPolicies ?? []) as Array<{ PolicyArn: string; AccessScope: { Type: string; Namespaces?: string[] } }>
        ).map((p) => ({
          policyArn: p.PolicyArn,
          scope: {
            type: p.AccessScope.Type,
            ...(p.AccessScope.Namespaces ? { namespaces: p.AccessScope.Namespaces } : {}),
          },
        }));
        expect(policies).toEqual(a.policies);
      }
      expect(resources.map((x) => x.Type)).not.toContain('Custom::AwsAuth');
      expect(JSON.parse(sub(template.Outputs.AwsAuthMergeLegacy!.Value) as string)).toEqual(
        applied.awsAuth.get('legacy'),
      );
    },
    180_000,
  );

  it.each(['demo', 'legacy'])(
    'kubernetes (%s): the documents are the objects apply server-side-applies',
    async (cluster) => {
      const text = renderExport(access, { file: 'access.yaml', format: 'kubernetes', cluster }, yamlCodec);
      const docs = loadAll(text).filter((d) => d !== null && d !== undefined) as KubeObject[];
      expect(docs).toEqual(applied.objects.get(cluster));
      if (cluster === 'legacy') {
        // The aws-auth entries to merge are a comment-only document, read back here with the account filled in.
        const note = text.slice(text.indexOf('# aws-auth-merge'));
        const entries = load(
          note
            .split('\n')
            .filter((l) => l.startsWith('#   '))
            .map((l) => l.slice(4))
            .join('\n')
            .replaceAll('<account-id>', ACCOUNT)
            .replace(`AWSReservedSSO_EKSReadOnly_<hash>`, SSO_ROLE),
        );
        expect(entries).toEqual(applied.awsAuth.get('legacy'));
      }
    },
  );
});

function sortObjects(objects: KubeObject[]): KubeObject[] {
  const key = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  return [...objects].sort((a, b) => (key(a) < key(b) ? -1 : 1));
}
