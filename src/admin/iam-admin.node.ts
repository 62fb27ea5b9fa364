// IamPort over @aws-sdk/client-iam (loaded only by the admin commands). Policy documents come back
// URL-encoded from IAM and are decoded here.
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteRoleCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListRolesCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import type { AwsCredentials, Env } from '../kernel/ports.js';
import type { IamPort, IamRole, ObservedIamGroup, PolicyDocument } from '../kernel/admin-ports.js';
import type { HttpSettings } from '../infra/http/settings.js';
import { adminSdk } from './admin-sdk.node.js';

export function createIamAdmin(credentials: AwsCredentials, env: Env, http: HttpSettings): IamPort {
  const iam = adminSdk('IAM', credentials, env, http);
  const client = new IAMClient(iam.config('us-east-1'));
  const { call, maybe } = iam.at();
  const doc = (text: string | undefined): PolicyDocument =>
    text ? (JSON.parse(decodeURIComponent(text)) as PolicyDocument) : {};
  const json = (d: PolicyDocument): string => JSON.stringify(d);

  return {
    async getRole(name): Promise<IamRole | undefined> {
      const out = await maybe(`GetRole ${name}`, () => client.send(new GetRoleCommand({ RoleName: name })));
      const r = out?.Role;
      if (!r) return undefined;
      return {
        name: r.RoleName ?? name,
        path: r.Path ?? '/',
        arn: r.Arn ?? '',
        trustPolicy: doc(r.AssumeRolePolicyDocument),
        maxSessionDuration: r.MaxSessionDuration ?? 3600,
        tags: Object.fromEntries((r.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
      };
    },
    async getGroup(name): Promise<ObservedIamGroup | undefined> {
      const users: string[] = [];
      let path = '/';
      let marker: string | undefined;
      do {
        const out = await maybe(`GetGroup ${name}`, () =>
          client.send(new GetGroupCommand({ GroupName: name, ...(marker ? { Marker: marker } : {}) })),
        );
        if (!out) return undefined;
        path = out.Group?.Path ?? '/';
        users.push(...(out.Users ?? []).map((u) => u.UserName ?? ''));
        marker = out.IsTruncated ? out.Marker : undefined;
      } while (marker);
      const names =
        (await call(`ListGroupPolicies ${name}`, () => client.send(new ListGroupPoliciesCommand({ GroupName: name }))))
          .PolicyNames ?? [];
      const policies: Record<string, PolicyDocument> = {};
      for (const policyName of names) {
        const out = await call(`GetGroupPolicy ${name} ${policyName}`, () =>
          client.send(new GetGroupPolicyCommand({ GroupName: name, PolicyName: policyName })),
        );
        policies[policyName] = doc(out.PolicyDocument);
      }
      return { name, path, members: users.sort(), policies };
    },
    async listGroupNames(pathPrefix) {
      const names: string[] = [];
      let marker: string | undefined;
      do {
        const out = await call('ListGroups', () =>
          client.send(new ListGroupsCommand({ PathPrefix: pathPrefix, ...(marker ? { Marker: marker } : {}) })),
        );
        names.push(
          ...(out.Groups ?? []).filter((g) => (g.Path ?? '/').startsWith(pathPrefix)).map((g) => g.GroupName ?? ''),
        );
        marker = out.IsTruncated ? out.Marker : undefined;
      } while (marker);
      return names;
    },
    async userExists(name) {
      return (await maybe(`GetUser ${name}`, () => client.send(new GetUserCommand({ UserName: name })))) !== undefined;
    },
    async findSsoRole(permissionSet) {
      let marker: string | undefined;
      do {
        const out = await call('ListRoles', () =>
          client.send(
            new ListRolesCommand({
              PathPrefix: '/aws-reserved/sso.amazonaws.com/',
              ...(marker ? { Marker: marker } : {}),
            }),
          ),
        );
        const found = (out.Roles ?? []).find((r) => (r.RoleName ?? '').startsWith(`AWSReservedSSO_${permissionSet}_`));
        if (found) return { name: found.RoleName!, arn: found.Arn! };
        marker = out.IsTruncated ? out.Marker : undefined;
      } while (marker);
      return undefined;
    },
    async createRole(input) {
      await call(`CreateRole ${input.name}`, () =>
        client.send(
          new CreateRoleCommand({
            RoleName: input.name,
            Path: input.path,
            AssumeRolePolicyDocument: json(input.trustPolicy),
            MaxSessionDuration: input.maxSessionDuration,
            Description: 'Managed by eks-login (eks-login admin apply); edit the access file, not this role',
            Tags: Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value })),
          }),
        ),
      );
    },
    async updateTrustPolicy(name, document) {
      await call(`UpdateAssumeRolePolicy ${name}`, () =>
        client.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: json(document) })),
      );
    },
    async updateMaxSession(name, seconds) {
      await call(`UpdateRole ${name}`, () =>
        client.send(new UpdateRoleCommand({ RoleName: name, MaxSessionDuration: seconds })),
      );
    },
    async deleteRole(name) {
      await call(`DeleteRole ${name}`, () => client.send(new DeleteRoleCommand({ RoleName: name })));
    },
    async createGroup(name, path) {
      await call(`CreateGroup ${name}`, () => client.send(new CreateGroupCommand({ GroupName: name, Path: path })));
    },
    async putGroupPolicy(group, policyName, document) {
      await call(`PutGroupPolicy ${group}`, () =>
        client.send(
          new PutGroupPolicyCommand({ GroupName: group, PolicyName: policyName, PolicyDocument: json(document) }),
        ),
      );
    },
    async addUserToGroup(group, user) {
      await call(`AddUserToGroup ${user} → ${group}`, () =>
        client.send(new AddUserToGroupCommand({ GroupName: group, UserName: user })),
      );
    },
    async removeUserFromGroup(group, user) {
      await call(`RemoveUserFromGroup ${user} ← ${group}`, () =>
        client.send(new RemoveUserFromGroupCommand({ GroupName: group, UserName: user })),
      );
    },
    async deleteGroupPolicy(group, policyName) {
      await call(`DeleteGroupPolicy ${group} ${policyName}`, () =>
        client.send(new DeleteGroupPolicyCommand({ GroupName: group, PolicyName: policyName })),
      );
    },
    async deleteGroup(name) {
      await call(`DeleteGroup ${name}`, () => client.send(new DeleteGroupCommand({ GroupName: name })));
    },
  };
}
