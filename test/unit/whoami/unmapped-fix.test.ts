// The admin's fix on 401: a role is mapped by its path-less ARN with the session name in the username;
// an IAM user signing with its own key (e.g. `aws eks get-token` without a role) needs mapUsers.
import { describe, expect, it } from 'vitest';
import { buildUnmappedFix, renderUnmappedFix } from '../../../src/diagnose/unmapped-fix.js';

describe(buildUnmappedFix.name, () => {
  it('maps a role by its ARN without the path, under mapRoles', () => {
    const fix = buildUnmappedFix({
      roleArn: 'arn:aws:iam::123456789012:role/teams/developers',
      cluster: 'demo',
      region: 'eu-west-1',
      kubernetesGroup: 'developers',
    });
    expect(fix).toMatchObject({
      principal: 'role',
      mappedArn: 'arn:aws:iam::123456789012:role/developers',
      username: 'developers:{{SessionName}}',
    });
    expect(fix.awsAuth).toBe(
      'mapRoles: |\n  - rolearn: arn:aws:iam::123456789012:role/developers\n    username: developers:{{SessionName}}\n    groups:\n      - developers',
    );
    expect(renderUnmappedFix(fix, null, 'demo')).toContain('(role ARNs in aws-auth carry no path)');
  });

  it('maps an IAM user under mapUsers, named after the user (no session name to template)', () => {
    const user = 'arn:aws:iam::123456789012:user/staff/developer-mike';
    const fix = buildUnmappedFix({
      roleArn: user,
      cluster: 'demo',
      region: 'eu-west-1',
      kubernetesGroup: 'developers',
    });
    expect(fix).toMatchObject({ principal: 'user', mappedArn: user, username: 'developer-mike' });
    expect(fix.awsAuth).toBe(
      `mapUsers: |\n  - userarn: ${user}\n    username: developer-mike\n    groups:\n      - developers`,
    );
    expect(fix.eksctl).toContain(`--arn ${user} --username 'developer-mike' --group developers`);
    expect(fix.accessEntry).toContain(`--principal-arn ${user} --type STANDARD`);
    const text = renderUnmappedFix(fix, user, 'demo');
    expect(text).toContain(`An admin of demo can map the IAM user ${user} in one of three ways:`);
    expect(text).not.toMatch(/rolearn|SessionName/);
  });
});
