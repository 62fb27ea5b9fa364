// The admin's fix when STS accepted the token but the cluster did not map the identity (HTTP 401):
// an eksctl identity mapping, the aws-auth mapRoles (or, for an IAM user, mapUsers) entry, or an EKS
// access entry. Pure.
import { parseRoleArn, pathlessRoleArn } from '../aws/arn.js';

export interface UnmappedFixInput {
  /** The role ARN from the exec args, or the ARN STS reported (assumed-role, or an IAM user's). */
  roleArn: string;
  cluster: string;
  region: string;
  /** Kubernetes group to grant; the bundle group name is a good guess. */
  kubernetesGroup: string;
}

export interface UnmappedFix {
  /** What signed the token: a role (any session of it), or an IAM user signing with its own key. */
  principal: 'role' | 'user';
  /** The ARN to map: the role ARN without its path, or the IAM user's ARN as STS reports it. */
  mappedArn: string;
  username: string;
  eksctl: string;
  /** The aws-auth ConfigMap entry: mapRoles for a role, mapUsers for an IAM user. */
  awsAuth: string;
  accessEntry: string;
  /** For an IAM Identity Center permission-set role: its full IAM ARN and the aws-auth path gotcha. */
  ssoNote?: string;
}

/** IAM Identity Center provisions permission sets as roles AWSReservedSSO_<set>_<suffix> under this path. */
const SSO_ROLE_PATH = 'aws-reserved/sso.amazonaws.com/';

const IAM_USER = /^arn:[\w-]+:iam::\d{12}:user\/(?:.*\/)?([\w+=,.@-]+)$/;

export function buildUnmappedFix(input: UnmappedFixInput): UnmappedFix {
  const ref = parseRoleArn(input.roleArn);
  const userName = ref ? undefined : IAM_USER.exec(input.roleArn)?.[1];
  const mappedArn = ref ? pathlessRoleArn(ref) : input.roleArn;
  const group = input.kubernetesGroup;
  // A permission-set role: aws-auth needs it path-less (STS drops the path), an access entry takes the
  // role's real IAM ARN, path included.
  const ssoRole = ref !== null && ref.roleName.startsWith('AWSReservedSSO_');
  const principalArn = ssoRole
    ? `arn:${ref.partition}:iam::${ref.account}:role/${SSO_ROLE_PATH}${ref.roleName}`
    : mappedArn;
  // {{SessionName}} puts the developer's name (the role session name) into audit logs; a user has its own.
  const username = userName ?? `${group}:{{SessionName}}`;
  const awsAuth = userName
    ? [`mapUsers: |`, `  - userarn: ${mappedArn}`, `    username: ${username}`, `    groups:`, `      - ${group}`]
    : [`mapRoles: |`, `  - rolearn: ${mappedArn}`, `    username: ${username}`, `    groups:`, `      - ${group}`];
  return {
    principal: userName ? 'user' : 'role',
    mappedArn,
    username,
    eksctl: [
      `eksctl create iamidentitymapping --cluster ${input.cluster} --region ${input.region} \\`,
      `  --arn ${mappedArn} --username '${username}' --group ${group}`,
    ].join('\n'),
    awsAuth: awsAuth.join('\n'),
    accessEntry: [
      `aws eks create-access-entry --cluster-name ${input.cluster} --region ${input.region} \\`,
      `  --principal-arn ${principalArn} --type STANDARD \\`,
      `  --username '${username}' --kubernetes-groups ${group}`,
    ].join('\n'),
    ...(ssoRole
      ? {
          ssoNote:
            `${ref.roleName} is an IAM Identity Center permission-set role; its IAM ARN is ${principalArn} ` +
            `(a regional instance adds the region to the path: aws iam get-role --role-name ${ref.roleName} --query Role.Arn). ` +
            `aws-auth must name it without the path /${SSO_ROLE_PATH} (with the path it never matches); the access entry takes the full ARN.`,
        }
      : {}),
  };
}

/** The text whoami and doctor print on 401. */
export function renderUnmappedFix(fix: UnmappedFix, stsArn: string | null, cluster: string): string {
  const who = stsArn ?? fix.mappedArn;
  const lead = stsArn
    ? `The token was valid for ${who} at STS, but the cluster ${cluster} did not map it to a Kubernetes user (HTTP 401).`
    : `The cluster ${cluster} rejected the token for ${who} (HTTP 401).`;
  const what =
    fix.principal === 'role'
      ? `${fix.mappedArn} (role ARNs in aws-auth carry no path)`
      : `the IAM user ${fix.mappedArn}`;
  return [
    lead,
    `An admin of ${cluster} can map ${what} in one of three ways:`,
    '',
    '  eksctl:',
    indent(fix.eksctl, 4),
    '',
    '  or the aws-auth ConfigMap (kube-system), under data:',
    indent(fix.awsAuth, 4),
    '',
    '  or an EKS access entry (authentication mode API or API_AND_CONFIG_MAP):',
    indent(fix.accessEntry, 4),
    '',
    ...(fix.ssoNote ? [`  Note: ${fix.ssoNote}`, ''] : []),
  ].join('\n');
}

function indent(text: string, n: number): string {
  return text
    .split('\n')
    .map((line) => ' '.repeat(n) + line)
    .join('\n');
}
