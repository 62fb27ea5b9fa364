// The formats a bundle's fields must have, with the words used in messages. Sources: EKS CreateCluster
// (cluster names), IAM (role names and paths: [\w+=,.@-], name ≤ 64), STS AssumeRole (ExternalId,
// DurationSeconds 900..43200), AWS partitions.

export const BUNDLE_API_VERSION = 'eks-login/v1';
export const BUNDLE_KIND = 'Bundle';
/** 1 MiB: a bundle is a few KiB; anything near this is a mistake (or an attack on the parser). */
export const MAX_BUNDLE_BYTES = 1024 * 1024;

export const ROOT_FIELDS = [
  '$schema',
  'apiVersion',
  'kind',
  'name',
  'clusters',
  'groups',
  'contextNameTemplate',
] as const;
export const CLUSTER_FIELDS = ['name', 'region', 'endpoint', 'certificateAuthorityData', 'clusterId'] as const;
export const GROUP_FIELDS = [
  'name',
  'roleArn',
  'sso',
  'sessionDurationSeconds',
  'mfa',
  'externalId',
  'sourceIdentity',
  'clusters',
] as const;
export const SSO_FIELDS = ['startUrl', 'region', 'accountId', 'roleName'] as const;

export const BUNDLE_NAME = {
  pattern: /^[a-z0-9][a-z0-9-]{0,62}$/,
  expectation: '1-63 characters of a-z, 0-9 and -, not starting with -',
};
export const CLUSTER_NAME = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/,
  expectation: 'an EKS cluster name: 1-100 letters, digits, - and _, starting with a letter or digit',
};
export const GROUP_NAME = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/,
  expectation: '1-63 letters, digits, ., - and _, starting with a letter or digit',
};
export const REGION = { pattern: /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, expectation: 'an AWS region like eu-west-1' };
export const CLUSTER_ID = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
  expectation: 'the cluster id (x-k8s-aws-id), e.g. a UUID for EKS local clusters on Outposts',
};
export const EXTERNAL_ID = {
  pattern: /^[\w+=,.@:/-]{2,1224}$/,
  expectation: '2-1224 characters of letters, digits and +=,.@:/-_',
};
/** The AWS access portal URL of IAM Identity Center (https, a host, an optional path). */
export const SSO_START_URL = {
  pattern: /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[\w.~%/-]*)?$/,
  expectation: 'the AWS access portal URL, like https://acme.awsapps.com/start',
};
export const ACCOUNT_ID = { pattern: /^\d{12}$/, expectation: 'a 12-digit AWS account id' };
/** Permission set names: 1-32 characters of [\w+=,.@-]. */
export const PERMISSION_SET_NAME = {
  pattern: /^[\w+=,.@-]{1,32}$/,
  expectation: 'the permission set name: 1-32 letters, digits and +=,.@-_',
};
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const PARTITIONS = [
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
] as const;
export const ROLE_RESOURCE = /^role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
export const MIN_SESSION_SECONDS = 900;
export const MAX_SESSION_SECONDS = 43200;
