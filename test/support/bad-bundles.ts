// The corpus of bad bundles: each case changes a valid bundle and lists the exact problem lines
// validation must report. `semanticOnly`: the JSON Schema cannot see it (certificates, references).
import { CA_DATA, CA_PEM, sampleBundle } from './bundles.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface BadBundleCase {
  name: string;
  mutate: (bundle: Json) => void;
  problems: string[];
  semanticOnly?: boolean;
}

const SSO = {
  startUrl: 'https://acme.awsapps.com/start',
  region: 'eu-west-1',
  accountId: '123456789012',
  roleName: 'EKSDevelopers',
};

const notACert = Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n').toString('base64');

export const BAD_BUNDLES: BadBundleCase[] = [
  {
    name: 'wrong apiVersion and kind',
    mutate: (b) => ((b.apiVersion = 'eks-login/v2'), (b.kind = 'Config')),
    problems: ['apiVersion: must be "eks-login/v1" (got "eks-login/v2")', 'kind: must be "Bundle" (got "Config")'],
  },
  {
    name: 'missing apiVersion',
    mutate: (b) => delete b.apiVersion,
    problems: ['apiVersion: must be "eks-login/v1" (got null)'],
  },
  {
    name: 'bad bundle name',
    mutate: (b) => (b.name = 'Acme Corp'),
    problems: ['name: must be 1-63 characters of a-z, 0-9 and -, not starting with - (got "Acme Corp")'],
  },
  {
    name: 'name too long',
    mutate: (b) => (b.name = 'a'.repeat(64)),
    problems: [`name: must be 1-63 characters of a-z, 0-9 and -, not starting with - (got "${'a'.repeat(64)}")`],
  },
  {
    name: 'unknown root field',
    mutate: (b) => (b.cluster = []),
    problems: [
      'cluster: unknown field (allowed here: $schema, apiVersion, kind, name, clusters, groups, contextNameTemplate)',
    ],
  },
  {
    name: 'no clusters',
    mutate: (b) => ((b.clusters = []), (b.groups[1].clusters = undefined)),
    problems: ['clusters: must list at least one cluster'],
    semanticOnly: false,
  },
  {
    name: 'clusters not a list',
    mutate: (b) => ((b.clusters = {}), delete b.groups[1].clusters),
    problems: ['clusters: must be a list of clusters'],
  },
  {
    name: 'cluster not an object',
    mutate: (b) => (b.clusters[1] = 'prod'),
    problems: [
      'clusters[1]: must be an object (one of the clusters)',
      'groups[1].clusters[0]: names unknown cluster "prod" (clusters in this bundle: demo)',
    ],
  },
  {
    name: 'unknown cluster field',
    mutate: (b) => (b.clusters[0].caData = 'x'),
    problems: [
      'clusters[0].caData: unknown field (allowed here: name, region, endpoint, certificateAuthorityData, clusterId)',
    ],
  },
  {
    name: 'bad region',
    mutate: (b) => (b.clusters[1].region = 'Europe'),
    problems: ['clusters[1].region: must be an AWS region like eu-west-1 (got "Europe")'],
  },
  {
    name: 'missing region',
    mutate: (b) => delete b.clusters[0].region,
    problems: ['clusters[0].region: is required: an AWS region like eu-west-1'],
  },
  {
    name: 'http endpoint',
    mutate: (b) => (b.clusters[1].endpoint = 'http://10.0.0.1'),
    problems: ['clusters[1].endpoint: must be an https URL (got http)'],
  },
  {
    name: 'endpoint not a URL',
    mutate: (b) => (b.clusters[0].endpoint = 'ABCDEF.gr7.eu-west-1.eks.amazonaws.com'),
    problems: ['clusters[0].endpoint: must be an https URL (got "ABCDEF.gr7.eu-west-1.eks.amazonaws.com")'],
  },
  {
    name: 'endpoint with credentials',
    mutate: (b) => (b.clusters[0].endpoint = 'https://u:p@h'),
    problems: ['clusters[0].endpoint: must not contain a user name or password'],
  },
  {
    name: 'CA as raw PEM',
    mutate: (b) => (b.clusters[0].certificateAuthorityData = CA_PEM),
    problems: ['clusters[0].certificateAuthorityData: is PEM text; it must be base64 of the PEM (base64 -w0 ca.pem)'],
  },
  {
    name: 'CA not base64',
    mutate: (b) => (b.clusters[0].certificateAuthorityData = 'not base64!'),
    problems: [
      'clusters[0].certificateAuthorityData: must be base64 of the PEM CA certificate(s), as in `aws eks describe-cluster --query cluster.certificateAuthority.data` (not valid base64)',
    ],
  },
  {
    name: 'CA base64 of something else',
    mutate: (b) => (b.clusters[0].certificateAuthorityData = Buffer.from('hello world').toString('base64')),
    problems: ['clusters[0].certificateAuthorityData: must decode to PEM certificate(s) (-----BEGIN CERTIFICATE-----)'],
    semanticOnly: true,
  },
  {
    name: 'CA with a broken certificate',
    mutate: (b) => (b.clusters[0].certificateAuthorityData = notACert),
    problems: [
      /^clusters\[0\]\.certificateAuthorityData: must decode to valid PEM certificate\(s\): certificate 1 does not parse \(.+\)$/
        .source,
    ],
    semanticOnly: true,
  },
  {
    name: 'CA with a private key',
    mutate: (b) =>
      (b.clusters[0].certificateAuthorityData = Buffer.from(
        `${CA_PEM}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n`,
      ).toString('base64')),
    problems: [
      'clusters[0].certificateAuthorityData: must decode to valid PEM certificate(s): it also holds a PRIVATE KEY block; remove it (a CA bundle holds certificates only, never a key) and replace that key, it was shared',
    ],
    semanticOnly: true,
  },
  {
    name: 'CA with a truncated second certificate',
    mutate: (b) =>
      (b.clusters[0].certificateAuthorityData = Buffer.from(`${CA_PEM}-----BEGIN CERTIFICATE-----\nMIIB`).toString(
        'base64',
      )),
    problems: [
      'clusters[0].certificateAuthorityData: must decode to valid PEM certificate(s): a CERTIFICATE block has no -----END CERTIFICATE----- line (cut off?)',
    ],
    semanticOnly: true,
  },
  {
    name: 'CA of two certificates, the second broken',
    mutate: (b) =>
      (b.clusters[0].certificateAuthorityData = Buffer.from(
        CA_PEM + Buffer.from(notACert, 'base64').toString(),
      ).toString('base64')),
    problems: [
      /^clusters\[0\]\.certificateAuthorityData: must decode to valid PEM certificate\(s\): certificate 2 does not parse \(.+\)$/
        .source,
    ],
    semanticOnly: true,
  },
  {
    name: 'bad clusterId',
    mutate: (b) => (b.clusters[0].clusterId = ''),
    problems: [
      'clusters[0].clusterId: must be the cluster id (x-k8s-aws-id), e.g. a UUID for EKS local clusters on Outposts (got "")',
    ],
  },
  {
    name: 'duplicate cluster',
    mutate: (b) => (b.clusters[1].name = 'demo'),
    problems: [
      'clusters[1].name: duplicate cluster name "demo" (also clusters[0])',
      'groups[1].clusters[0]: names unknown cluster "prod" (clusters in this bundle: demo, demo)',
    ],
    semanticOnly: true,
  },
  {
    name: 'role ARN without partition',
    mutate: (b) => (b.groups[0].roleArn = 'arn:iam::123456789012:role/developers'),
    problems: [
      'groups[0].roleArn: must be an IAM role ARN like arn:aws:iam::123456789012:role/developers (got "arn:iam::123456789012:role/developers")',
    ],
  },
  {
    name: 'role ARN with unknown partition',
    mutate: (b) => (b.groups[0].roleArn = 'arn:amazon:iam::123456789012:role/developers'),
    problems: [
      'groups[0].roleArn: has unknown partition "amazon" (known: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc)',
    ],
  },
  {
    name: 'role ARN with short account',
    mutate: (b) => (b.groups[0].roleArn = 'arn:aws:iam::12345:role/developers'),
    problems: ['groups[0].roleArn: must have a 12-digit account id (got "12345")'],
  },
  {
    name: 'user ARN instead of role',
    mutate: (b) => (b.groups[0].roleArn = 'arn:aws:iam::123456789012:user/developer-mike'),
    problems: [
      'groups[0].roleArn: must name a role as role/NAME or role/path/NAME, names of letters, digits and +=,.@-_ (got "user/developer-mike")',
    ],
  },
  {
    name: 'assumed-role ARN',
    mutate: (b) => (b.groups[0].roleArn = 'arn:aws:sts::123456789012:assumed-role/developers/mike'),
    problems: [
      'groups[0].roleArn: is an assumed-role session ARN; give the role ARN, like arn:aws:iam::123456789012:role/developers',
    ],
  },
  {
    name: 'role ARN with region',
    mutate: (b) => (b.groups[0].roleArn = 'arn:aws:iam:eu-west-1:123456789012:role/developers'),
    problems: ['groups[0].roleArn: must have no region (IAM ARNs read arn:aws:iam::ACCOUNT:role/NAME)'],
  },
  {
    name: 'session too short',
    mutate: (b) => (b.groups[0].sessionDurationSeconds = 899),
    problems: ['groups[0].sessionDurationSeconds: must be a whole number of seconds from 900 to 43200 (got 899)'],
  },
  {
    name: 'session too long',
    mutate: (b) => (b.groups[0].sessionDurationSeconds = 43201),
    problems: ['groups[0].sessionDurationSeconds: must be a whole number of seconds from 900 to 43200 (got 43201)'],
  },
  {
    name: 'session not a number',
    mutate: (b) => (b.groups[0].sessionDurationSeconds = '3600'),
    problems: ['groups[0].sessionDurationSeconds: must be a whole number of seconds from 900 to 43200 (got "3600")'],
  },
  {
    name: 'mfa not boolean',
    mutate: (b) => (b.groups[0].mfa = 'yes'),
    problems: ['groups[0].mfa: must be true or false'],
  },
  {
    name: 'group names an unknown cluster',
    mutate: (b) => (b.groups[1].clusters = ['prod', 'staging']),
    problems: ['groups[1].clusters[1]: names unknown cluster "staging" (clusters in this bundle: demo, prod)'],
    semanticOnly: true,
  },
  {
    name: 'group names a cluster twice',
    mutate: (b) => (b.groups[1].clusters = ['prod', 'prod']),
    problems: ['groups[1].clusters[1]: names cluster "prod" twice'],
  },
  {
    name: 'duplicate group',
    mutate: (b) => (b.groups[1].name = 'developers'),
    problems: ['groups[1].name: duplicate group name "developers" (also groups[0])'],
    semanticOnly: true,
  },
  {
    name: 'unknown group field',
    mutate: (b) => (b.groups[0].role = 'x'),
    problems: [
      'groups[0].role: unknown field (allowed here: name, roleArn, sso, sessionDurationSeconds, mfa, externalId, sourceIdentity, clusters)',
    ],
  },
  {
    name: 'missing role ARN',
    mutate: (b) => delete b.groups[0].roleArn,
    problems: [
      'groups[0].roleArn: is required unless the group has sso: the IAM role of the group, like arn:aws:iam::123456789012:role/developers',
    ],
  },
  {
    name: 'sso not an object',
    mutate: (b) => (b.groups[0].sso = 'https://acme.awsapps.com/start'),
    problems: ['groups[0].sso: must be an object: { startUrl, region, accountId, roleName }'],
  },
  {
    name: 'sso missing fields',
    mutate: (b) => (
      (b.groups[0].sso = { startUrl: 'https://acme.awsapps.com/start' }),
      delete b.groups[0].roleArn,
      delete b.groups[0].sessionDurationSeconds
    ),
    problems: [
      'groups[0].sso.region: is required: the region of the IAM Identity Center instance, an AWS region like eu-west-1',
      'groups[0].sso.accountId: is required: a 12-digit AWS account id (the account of the permission set)',
      'groups[0].sso.roleName: is required: the permission set name: 1-32 letters, digits and +=,.@-_',
    ],
  },
  {
    name: 'sso with an http start URL',
    mutate: (b) => (b.groups[0].sso = { ...SSO, startUrl: 'http://acme.awsapps.com/start' }),
    problems: [
      'groups[0].sso.startUrl: must be the AWS access portal URL, like https://acme.awsapps.com/start (got "http://acme.awsapps.com/start")',
    ],
  },
  {
    name: 'sso with a short account id',
    mutate: (b) => (b.groups[0].sso = { ...SSO, accountId: '12345' }),
    problems: [
      'groups[0].sso.accountId: must be a 12-digit AWS account id (the account of the permission set) (got "12345")',
    ],
  },
  {
    name: 'sso with a permission set ARN',
    mutate: (b) => (b.groups[0].sso = { ...SSO, roleName: 'arn:aws:sso:::permissionSet/ssoins-1/ps-1' }),
    problems: [
      'groups[0].sso.roleName: must be the permission set name: 1-32 letters, digits and +=,.@-_ (got "arn:aws:sso:::permissionSet/ssoins-1/ps-1")',
    ],
  },
  {
    name: 'unknown sso field',
    mutate: (b) => (b.groups[0].sso = { ...SSO, profile: 'dev' }),
    problems: ['groups[0].sso.profile: unknown field (allowed here: startUrl, region, accountId, roleName)'],
  },
  {
    name: 'sourceIdentity not boolean',
    mutate: (b) => (b.groups[0].sourceIdentity = 'yes'),
    problems: ['groups[0].sourceIdentity: must be true or false'],
  },
  {
    name: 'sourceIdentity on an sso group',
    mutate: (b) => ((b.groups[0].sso = SSO), (b.groups[0].sourceIdentity = true)),
    problems: [
      'groups[0].sourceIdentity: binds role sessions to the IAM user name of an access key; a group with sso signs in with IAM Identity Center, which names the session itself (docs/sso.md)',
    ],
  },
  {
    name: 'mfa on an sso-only group',
    mutate: (b) => ((b.groups[1].sso = SSO), delete b.groups[1].roleArn),
    problems: [
      'groups[1].mfa: applies only to roleArn (the role assumed after the sign-in); an sso-only group takes the session length and MFA from the permission set',
    ],
    semanticOnly: true,
  },
  { name: 'no groups', mutate: (b) => (b.groups = []), problems: ['groups: must list at least one group'] },
  {
    name: 'unknown template placeholder',
    mutate: (b) => (b.contextNameTemplate = '{user}@{cluster}'),
    problems: ['contextNameTemplate: unknown placeholder {user} (known: {bundle}, {group}, {cluster}, {region})'],
  },
  {
    name: 'unbalanced template',
    mutate: (b) => (b.contextNameTemplate = '{group}@{cluster'),
    problems: ['contextNameTemplate: has an unmatched { or }'],
  },
  {
    name: 'template with a newline',
    mutate: (b) => (b.contextNameTemplate = '{group}@{cluster}\n'),
    problems: [
      'contextNameTemplate: must not contain control characters (a newline or tab would end up in context names)',
    ],
  },
  {
    name: 'template that merges clusters',
    mutate: (b) => (b.contextNameTemplate = '{bundle}-{group}'),
    problems: [
      'contextNameTemplate: gives clusters demo and prod of group developers the same context name "acme-developers"; include {cluster}',
    ],
    semanticOnly: true,
  },
];

/** A valid bundle as JSON-ready data, changed by one case. */
export function badBundle(entry: BadBundleCase): Json {
  const bundle = JSON.parse(JSON.stringify(sampleBundle())) as Json;
  entry.mutate(bundle);
  return JSON.parse(JSON.stringify(bundle)) as Json;
}
export { CA_DATA };
