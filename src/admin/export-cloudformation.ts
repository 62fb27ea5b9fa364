// `admin export --format cloudformation`: the model's AWS side as one template: AWS::IAM::Role (trust policy,
// max session, marks as tags), AWS::IAM::Group (path, the inline policy), AWS::IAM::UserToGroupAddition (the
// members) and AWS::EKS::AccessEntry (with its AccessPolicies). The account and partition are the pseudo
// parameters AWS::AccountId and AWS::Partition; an sso group's role is a parameter. CloudFormation cannot
// create Kubernetes objects: the RBAC objects come from `--format kubernetes`. aws-auth is never a resource: its
// entries are an output to merge.
import { UsageError } from '../kernel/errors.js';
import { awsAuthNote, type ExportSource } from './export-header.js';
import { hasSymbols, mapStrings, splitSymbols, type ExportModel, type ExportSymbol } from './export-model.js';
import type { YamlCodec } from '../kernel/admin-ports.js';

/** CloudFormation logical ids: letters and digits only, unique in the template. */
class LogicalIds {
  private readonly used = new Set<string>();
  id(...parts: string[]): string {
    const base = parts
      .flatMap((p) => p.split(/[^A-Za-z0-9]+/))
      .filter(Boolean)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join('');
    let id = base;
    for (let n = 2; this.used.has(id); n += 1) id = `${base}${n}`;
    this.used.add(id);
    return id;
  }
}

const tags = (marks: Record<string, string>): Array<{ Key: string; Value: string }> =>
  Object.entries(marks).map(([Key, Value]) => ({ Key, Value }));

export function cloudFormationTemplate(source: ExportSource, exp: ExportModel, yaml: YamlCodec): string {
  const { model } = exp;
  const regions = [...new Set(model.clusters.map((c) => c.region))];
  if (regions.length > 1) {
    throw new UsageError(
      `cannot export access file ${source.file} as one CloudFormation template: its clusters are in ${regions.join(', ')}, and a stack's access entries are created in the stack's region`,
      {
        hint: 'use --format terraform (one provider per region), or one access file per region',
      },
    );
  }
  const ids = new LogicalIds();
  const parameters: Record<string, unknown> = {};
  const ssoParams = new Map<string, { name: string; path: string }>();
  for (const { group, permissionSet } of exp.sso) {
    const name = ids.id('SsoRoleName', group);
    const path = ids.id('SsoRolePath', group);
    ssoParams.set(group, { name, path });
    parameters[name] = {
      Type: 'String',
      Description: `Group ${group}: the name of the IAM Identity Center role of permission set ${permissionSet} in this account (AWSReservedSSO_${permissionSet}_<hash>)`,
      AllowedPattern: `^AWSReservedSSO_${permissionSet.replace(/[.+]/g, '\\$&')}_[0-9a-f]+$`,
    };
    parameters[path] = {
      Type: 'String',
      Description: `Group ${group}: that role's path without its first and last slash`,
      Default: 'aws-reserved/sso.amazonaws.com',
    };
  }
  const ref = (s: ExportSymbol): string => {
    switch (s.kind) {
      case 'account':
        return 'AWS::AccountId';
      case 'partition':
        return 'AWS::Partition';
      case 'sso-path':
        return ssoParams.get(s.group)!.path;
      case 'sso-name':
      case 'sso-arn':
        return ssoParams.get(s.group)!.name;
    }
  };
  /** A string with symbols becomes Fn::Sub; `${` of IAM policy variables is escaped as `${!`. */
  const value = <T>(v: T): T =>
    mapStrings(v, (text) =>
      hasSymbols(text)
        ? {
            'Fn::Sub': splitSymbols(text)
              .map((p) => (typeof p === 'string' ? p.replaceAll('${', () => '${!') : `\${${ref(p)}}`))
              .join(''),
          }
        : text,
    ) as T;

  const resources: Record<string, unknown> = {};
  const roleIds = new Map<string, string>();
  for (const role of model.roles) {
    const id = ids.id('Role', role.group);
    roleIds.set(role.group, id);
    resources[id] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: role.name,
        Path: role.path,
        MaxSessionDuration: role.maxSessionDuration,
        AssumeRolePolicyDocument: value(role.trustPolicy),
        Tags: tags(role.tags),
      },
    };
  }
  for (const group of model.iamGroups) {
    const id = ids.id('Group', group.group);
    resources[id] = {
      Type: 'AWS::IAM::Group',
      Properties: {
        GroupName: group.name,
        Path: group.path,
        Policies: [{ PolicyName: group.policyName, PolicyDocument: value(group.policy) }],
      },
    };
    if (group.members.length > 0)
      resources[ids.id('Members', group.group)] = {
        Type: 'AWS::IAM::UserToGroupAddition',
        Properties: { GroupName: { Ref: id }, Users: group.members },
      };
  }
  const outputs: Record<string, unknown> = {};
  for (const cluster of model.clusters) {
    for (const entry of cluster.accessEntries) {
      const role = roleIds.get(entry.group);
      resources[ids.id('AccessEntry', cluster.name, entry.group)] = {
        Type: 'AWS::EKS::AccessEntry',
        ...(role ? { DependsOn: role } : {}),
        Properties: {
          ClusterName: cluster.name,
          PrincipalArn: value(entry.principalArn),
          KubernetesGroups: entry.kubernetesGroups,
          Username: entry.username,
          Type: 'STANDARD',
          Tags: tags(entry.tags),
          ...(entry.policy
            ? {
                AccessPolicies: [
                  {
                    PolicyArn: value(entry.policy.policyArn),
                    AccessScope: {
                      Type: entry.policy.accessScope.type,
                      ...(entry.policy.accessScope.namespaces
                        ? { Namespaces: entry.policy.accessScope.namespaces }
                        : {}),
                    },
                  },
                ],
              }
            : {}),
        },
      };
    }
    if (cluster.awsAuth.length > 0) {
      outputs[ids.id('AwsAuthMerge', cluster.name)] = {
        Description: awsAuthNote(cluster.name).join(' ').slice(0, 1024),
        Value: value(JSON.stringify(cluster.awsAuth)),
      };
    }
  }
  if (Object.keys(resources).length === 0) {
    throw new UsageError(
      `access file ${source.file} has nothing for CloudFormation: no role groups and no access entries`,
      { hint: 'export the RBAC objects with --format kubernetes' },
    );
  }
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      `eks-login access ${source.access}: IAM roles and groups and EKS access entries (generated by eks-login admin export from ${source.file})`.slice(
        0,
        1024,
      ),
    ...(Object.keys(parameters).length > 0 ? { Parameters: parameters } : {}),
    ...(regions.length === 1
      ? {
          Rules: {
            ClustersRegion: {
              Assertions: [
                {
                  Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, regions[0]] },
                  AssertDescription: `the access entries are for clusters in ${regions[0]}: create the stack there`,
                },
              ],
            },
          },
        }
      : {}),
    Resources: resources,
    ...(Object.keys(outputs).length > 0 ? { Outputs: outputs } : {}),
  };
  const header = [
    `# Generated by \`eks-login admin export\` from ${source.file} (access ${source.access}).`,
    '# The IAM roles and groups and EKS access entries `eks-login admin apply` would make, with the same policy',
    '# documents and ownership tags. CloudFormation makes no Kubernetes objects: apply the RBAC objects of',
    '# `eks-login admin export --format kubernetes` alongside. Do not edit: change the access file and export again.',
  ];
  return `${header.join('\n')}\n${yaml.dump(template)}`;
}
