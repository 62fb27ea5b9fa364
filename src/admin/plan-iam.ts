// IAM part of the plan: per role group the role (trust policy naming the account for sts:AssumeRole and
// sts:SetSourceIdentity, optional MFA, max session, marks as tags) and the IAM group eks-login-<name> (path
// /eks-login/<file>/, an inline policy allowing sts:AssumeRole on the role only under the member's own IAM user
// name, the members); groups of this file no longer declared are pruned. A role or group an older eks-login
// made without that identity binding is a `~` change, so apply migrates it in place.
import type { AccessFile, AccessGroup } from './access/types.js';
import { hasAll, same } from './compare.js';
import { desiredIamGroup, desiredRole } from './desired.js';
import type { PlanBuilder } from './plan-builder.js';
import {
  ACCESS_KEY,
  MANAGED_BY,
  MANAGED_BY_KEY,
  groupPolicyBindsUser,
  iamGroupName,
  iamGroupPath,
  trustAllowsSourceIdentity,
  type Identity,
} from './names.js';
import type { IamPort } from '../kernel/admin-ports.js';

/** What planning a role group's IAM objects looks at (the access file, the admin's account, IAM) and adds to. */
interface IamPlanning {
  access: AccessFile;
  id: Identity;
  iam: IamPort;
  b: PlanBuilder;
}

export async function planIam(access: AccessFile, id: Identity, iam: IamPort, b: PlanBuilder): Promise<void> {
  const roleGroups = access.groups.filter((g) => g.role);
  const planning: IamPlanning = { access, id, iam, b };
  for (const group of roleGroups) {
    await planRole(planning, group);
    await planGroup(planning, group);
  }
  const declared = new Set(roleGroups.map((g) => iamGroupName(g.name)));
  for (const name of (await iam.listGroupNames(iamGroupPath(access.name))).sort()) {
    if (declared.has(name)) continue;
    const group = await iam.getGroup(name);
    if (!group || group.path !== iamGroupPath(access.name)) continue;
    b.change({
      system: 'IAM',
      op: '-',
      target: `IAM group ${name}`,
      details: [`members: ${group.members.join(', ') || 'none'}`],
      pruneOnly: true,
    });
    b.down(
      'iam',
      { kind: 'iam.deleteGroup', name, members: group.members, policies: Object.keys(group.policies) },
      `- IAM group ${name}`,
    );
    for (const roleName of rolesNamedBy(Object.values(group.policies))) {
      const role = await iam.getRole(roleName);
      if (!role || !hasAll(role.tags, { [MANAGED_BY_KEY]: MANAGED_BY, [ACCESS_KEY]: access.name })) continue;
      if (roleGroups.some((g) => g.role!.name === roleName)) continue;
      b.change({ system: 'IAM', op: '-', target: `IAM role ${roleName}`, details: [role.arn], pruneOnly: true });
      b.down('iam', { kind: 'iam.deleteRole', name: roleName }, `- IAM role ${roleName}`);
    }
  }
}

async function planRole({ access, id, iam, b }: IamPlanning, group: AccessGroup): Promise<void> {
  const spec = group.role!;
  const role = desiredRole(access.name, id, group);
  const { path, trustPolicy: trust } = role;
  const target = `IAM role ${spec.name}`;
  const existing = await iam.getRole(spec.name);
  if (!existing) {
    b.change({
      system: 'IAM',
      op: '+',
      target,
      details: [
        role.arn,
        `trusts account ${id.account}${spec.mfa ? ' with MFA' : ''}`,
        `max session ${role.maxSessionDuration} s`,
      ],
    });
    b.up(
      'iam',
      {
        kind: 'iam.createRole',
        name: spec.name,
        path,
        trustPolicy: trust,
        maxSessionDuration: role.maxSessionDuration,
        tags: role.tags,
      },
      `+ ${target}`,
    );
    return;
  }
  if (!hasAll(existing.tags, { [MANAGED_BY_KEY]: MANAGED_BY })) {
    return b.conflict({
      system: 'IAM',
      target,
      reason: `${existing.arn} exists and is not managed by eks-login (no tag ${MANAGED_BY_KEY}=${MANAGED_BY}); eks-login never takes over an object it did not create: rename the role in the access file, or delete or tag it yourself`,
    });
  }
  if (existing.tags[ACCESS_KEY] !== access.name) {
    return b.conflict({
      system: 'IAM',
      target,
      reason: `${existing.arn} belongs to access file ${JSON.stringify(existing.tags[ACCESS_KEY] ?? '?')}, not ${JSON.stringify(access.name)}`,
    });
  }
  if (existing.path !== path) {
    return b.conflict({
      system: 'IAM',
      target,
      reason: `${existing.arn} has path ${existing.path}, the access file says ${path}; IAM cannot move a role: delete it (apply re-creates it) or keep its path`,
    });
  }
  const details: string[] = [];
  if (!same(existing.trustPolicy, trust)) {
    const mfa = group.role!.mfa ? 'requires MFA' : '';
    details.push(
      `trust policy: ${trustAllowsSourceIdentity(existing.trustPolicy) ? mfa || 'as declared' : ['allows sts:SetSourceIdentity (identity binding; was missing)', mfa].filter(Boolean).join(', ')}`,
    );
    b.up('iam', { kind: 'iam.updateTrust', name: spec.name, trustPolicy: trust }, `~ ${target} trust policy`);
  }
  if (existing.maxSessionDuration !== role.maxSessionDuration) {
    details.push(`max session ${existing.maxSessionDuration} s → ${role.maxSessionDuration} s`);
    b.up(
      'iam',
      { kind: 'iam.updateMaxSession', name: spec.name, seconds: role.maxSessionDuration },
      `~ ${target} max session`,
    );
  }
  if (details.length > 0) b.change({ system: 'IAM', op: '~', target, details });
}

const BINDING = 'only as themselves: role session name and SourceIdentity must equal the IAM user name';

async function planGroup({ access, id, iam, b }: IamPlanning, group: AccessGroup): Promise<void> {
  const wanted = desiredIamGroup(access.name, id, group);
  const { name, path, policy, members, policyName } = wanted;
  const target = `IAM group ${name}`;
  for (const user of members) {
    // Checked for every declared member: adding a user that does not exist would fail half-way.
    if (!(await iam.userExists(user)))
      b.conflict({
        system: 'IAM',
        target: `IAM user ${user}`,
        reason: `member of group ${group.name}, but there is no IAM user ${user} in account ${id.account}`,
      });
  }
  const existing = await iam.getGroup(name);
  if (!existing) {
    b.change({
      system: 'IAM',
      op: '+',
      target,
      details: [`may assume ${wanted.roleArn}`, BINDING, `members: ${members.join(', ') || 'none'}`],
    });
    b.up('iam', { kind: 'iam.createGroup', name, path }, `+ ${target}`);
    b.up(
      'iam',
      { kind: 'iam.putGroupPolicy', group: name, policyName, document: policy },
      `+ ${target} policy ${policyName}`,
    );
    for (const user of members) b.up('iam', { kind: 'iam.addMember', group: name, user }, `+ ${user} in ${target}`);
    return;
  }
  if (existing.path !== path) {
    return b.conflict({
      system: 'IAM',
      target,
      reason: `exists with path ${existing.path}, not eks-login's ${path} (IAM groups cannot be tagged: eks-login marks its groups by this path); rename the group in the access file or delete it`,
    });
  }
  const details: string[] = [];
  if (!same(existing.policies[policyName], policy)) {
    details.push(`policy ${policyName}: may assume ${wanted.roleArn}`);
    if (!groupPolicyBindsUser(existing.policies[policyName]))
      details.push(`${BINDING} (identity binding; was missing)`);
    b.up('iam', { kind: 'iam.putGroupPolicy', group: name, policyName, document: policy }, `~ ${target} policy`);
  }
  for (const user of members.filter((m) => !existing.members.includes(m))) {
    details.push(`+ member ${user}`);
    b.up('iam', { kind: 'iam.addMember', group: name, user }, `+ ${user} in ${target}`);
  }
  for (const user of existing.members.filter((m) => !members.includes(m)).sort()) {
    details.push(`- member ${user}`);
    b.up('iam', { kind: 'iam.removeMember', group: name, user }, `- ${user} from ${target}`);
  }
  if (details.length > 0) b.change({ system: 'IAM', op: '~', target, details });
}

/** Role names an eks-login group policy grants sts:AssumeRole on. */
function rolesNamedBy(policies: Array<Record<string, unknown>>): string[] {
  const names: string[] = [];
  for (const doc of policies) {
    const statements = ([] as unknown[]).concat((doc as { Statement?: unknown }).Statement ?? []);
    for (const s of statements as Array<{ Resource?: string | string[] }>) {
      for (const r of ([] as string[]).concat(s.Resource ?? [])) {
        const m = /:role\/(?:.*\/)?([^/]+)$/.exec(r);
        if (m) names.push(m[1]!);
      }
    }
  }
  return [...new Set(names)];
}
