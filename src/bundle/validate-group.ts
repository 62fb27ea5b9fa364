// Checks of one bundle group: name, role ARN (partition, account, role with optional path) and/or the
// IAM Identity Center block, session duration, mfa, external id, the identity binding (sourceIdentity), and the
// clusters it names.
import { isRecord } from '../kernel/is-record.js';
import { Problems } from './problems.js';
import {
  ACCOUNT_ID,
  EXTERNAL_ID,
  GROUP_FIELDS,
  GROUP_NAME,
  MAX_SESSION_SECONDS,
  MIN_SESSION_SECONDS,
  PARTITIONS,
  PERMISSION_SET_NAME,
  REGION,
  ROLE_RESOURCE,
  SSO_FIELDS,
  SSO_START_URL,
} from './rules.js';

const EXAMPLE_ARN = 'arn:aws:iam::123456789012:role/developers';

/** Why a role ARN is not one, or undefined when it is. */
function roleArnProblem(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn')
    return `must be an IAM role ARN like ${EXAMPLE_ARN} (got ${JSON.stringify(arn)})`;
  const [, partition, service, region, account, resource] = parts as [string, string, string, string, string, string];
  if (!(PARTITIONS as readonly string[]).includes(partition))
    return `has unknown partition ${JSON.stringify(partition)} (known: ${PARTITIONS.join(', ')})`;
  if (service === 'sts' && resource.startsWith('assumed-role/'))
    return `is an assumed-role session ARN; give the role ARN, like ${EXAMPLE_ARN}`;
  if (service !== 'iam') return `must be an IAM ARN (service iam, got ${JSON.stringify(service)})`;
  if (region !== '') return `must have no region (IAM ARNs read arn:${partition}:iam::ACCOUNT:role/NAME)`;
  if (!/^\d{12}$/.test(account)) return `must have a 12-digit account id (got ${JSON.stringify(account)})`;
  if (!ROLE_RESOURCE.test(resource))
    return `must name a role as role/NAME or role/path/NAME, names of letters, digits and +=,.@-_ (got ${JSON.stringify(resource)})`;
  return undefined;
}

/** Returns the group's name when valid. `clusterNames` are the valid cluster names of the bundle. */
export function checkGroup(
  problems: Problems,
  item: Record<string, unknown>,
  at: string,
  clusterNames: readonly string[],
): string | undefined {
  problems.unknownFields(item, at, GROUP_FIELDS);
  const name = problems.string(item, at, 'name', GROUP_NAME.pattern, GROUP_NAME.expectation);
  const arn = item.roleArn;
  if (arn === undefined && item.sso === undefined) {
    problems.add(
      `${at}.roleArn`,
      `is required unless the group has sso: the IAM role of the group, like ${EXAMPLE_ARN}`,
    );
  } else if (arn === undefined) {
    // an sso-only group: the permission set's role is the group's role
  } else if (typeof arn !== 'string')
    problems.add(`${at}.roleArn`, `must be a string: an IAM role ARN like ${EXAMPLE_ARN}`);
  else {
    const why = roleArnProblem(arn);
    if (why) problems.add(`${at}.roleArn`, why);
  }
  const duration = item.sessionDurationSeconds;
  if (
    duration !== undefined &&
    !(
      Number.isInteger(duration) &&
      (duration as number) >= MIN_SESSION_SECONDS &&
      (duration as number) <= MAX_SESSION_SECONDS
    )
  ) {
    problems.add(
      `${at}.sessionDurationSeconds`,
      `must be a whole number of seconds from ${MIN_SESSION_SECONDS} to ${MAX_SESSION_SECONDS} (got ${JSON.stringify(duration)})`,
    );
  }
  if (item.sso !== undefined) checkSso(problems, item.sso, `${at}.sso`);
  if (item.mfa !== undefined && typeof item.mfa !== 'boolean') problems.add(`${at}.mfa`, 'must be true or false');
  problems.string(item, at, 'externalId', EXTERNAL_ID.pattern, EXTERNAL_ID.expectation, true);
  if (item.sourceIdentity !== undefined && typeof item.sourceIdentity !== 'boolean')
    problems.add(`${at}.sourceIdentity`, 'must be true or false');
  else if (item.sourceIdentity === true && item.sso !== undefined) {
    // The session would come from the permission set's credentials: there is no IAM user name to bind to.
    problems.add(
      `${at}.sourceIdentity`,
      'binds role sessions to the IAM user name of an access key; a group with sso signs in with IAM Identity Center, which names the session itself (docs/sso.md)',
    );
  }
  if (item.roleArn === undefined && item.sso !== undefined) {
    // Without roleArn nothing is assumed: IAM Identity Center's permission set decides duration and MFA.
    for (const field of ['sessionDurationSeconds', 'mfa', 'externalId'] as const) {
      if (item[field] !== undefined)
        problems.add(
          `${at}.${field}`,
          'applies only to roleArn (the role assumed after the sign-in); an sso-only group takes the session length and MFA from the permission set',
        );
    }
  }
  checkGroupClusters(problems, item.clusters, `${at}.clusters`, clusterNames);
  return name;
}

/** groups[].sso: where the group signs in with IAM Identity Center (all four fields required). */
function checkSso(problems: Problems, sso: unknown, at: string): void {
  if (!isRecord(sso)) return problems.add(at, 'must be an object: { startUrl, region, accountId, roleName }');
  problems.unknownFields(sso, at, SSO_FIELDS);
  problems.string(sso, at, 'startUrl', SSO_START_URL.pattern, SSO_START_URL.expectation);
  problems.string(
    sso,
    at,
    'region',
    REGION.pattern,
    `the region of the IAM Identity Center instance, ${REGION.expectation}`,
  );
  problems.string(
    sso,
    at,
    'accountId',
    ACCOUNT_ID.pattern,
    `${ACCOUNT_ID.expectation} (the account of the permission set)`,
  );
  problems.string(sso, at, 'roleName', PERMISSION_SET_NAME.pattern, PERMISSION_SET_NAME.expectation);
}

function checkGroupClusters(problems: Problems, list: unknown, path: string, clusterNames: readonly string[]): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) return problems.add(path, 'must be a list of cluster names');
  if (list.length === 0) problems.add(path, 'must name at least one cluster (leave it out to mean all clusters)');
  const seen = new Set<string>();
  list.forEach((name, index) => {
    const at = `${path}[${index}]`;
    if (typeof name !== 'string') return problems.add(at, 'must be a cluster name (a string)');
    if (seen.has(name)) problems.add(at, `names cluster ${JSON.stringify(name)} twice`);
    else if (!clusterNames.includes(name))
      problems.add(
        at,
        `names unknown cluster ${JSON.stringify(name)} (clusters in this bundle: ${clusterNames.join(', ') || 'none'})`,
      );
    seen.add(name);
  });
}
