// What `eks-login sandbox` prints: the endpoints, and for each IAM user the commands that set up a
// machine as that user. Secrets stay in 0600 env files in the sandbox dir; the text only names them.
import { evaluate } from './iam-policy.js';
import type { World } from './world-types.js';

export interface UsageInput {
  world: World;
  worldName: string;
  dir: string;
  stsEndpoint: string;
  /** IAM Identity Center, when the world has `sso:`. */
  ssoEndpoint?: string | undefined;
  clusters: Array<{ name: string; region: string; endpoint: string }>;
  bundlePath: string;
  /** The same bundle over HTTPS, and the unpublished version 2 (absent: not shown). */
  bundleUrl?: string;
  bundleV2Path?: string;
  caFile: string;
  envFile: string;
  userEnvFile: (user: string) => string;
  /** How to run eks-login from a shell: `eks-login`, or this program's path when that is not on PATH. */
  command: string;
}

/** Bundle groups whose role the user's identity policies let them assume. */
function groupsFor(world: World, userName: string): World['groups'] {
  const user = world.users.find((u) => u.name === userName);
  if (!user) return [];
  return world.groups.filter((g) => {
    if (g.sso !== undefined || g.role === undefined) return false; // IAM Identity Center groups sign in, with no access key
    const role = world.roles.find((r) => r.name === g.role)!;
    return (
      evaluate(user.policies, {
        action: 'sts:AssumeRole',
        resource: role.arn,
        context: { 'aws:MultiFactorAuthPresent': 'true' },
      }) === 'allow'
    );
  });
}

export function usageText(u: UsageInput): string {
  const lines = [
    `eks-login sandbox is running (world: ${u.worldName})`,
    `  STS         ${u.stsEndpoint}`,
    ...u.clusters.map((c) => `  cluster     ${c.name} (${c.region})  ${c.endpoint}`),
    `  bundle      ${u.bundlePath}`,
    ...(u.bundleUrl ? [`  bundle URL  ${u.bundleUrl}   (setup accepts it too)`] : []),
    `  CA          ${u.caFile}`,
    `  directory   ${u.dir}`,
    '',
    'Try it from another terminal. A throwaway HOME keeps your real kubeconfig and keychain out of it',
    '(EKS_LOGIN_KEYRING=file stores the access key in a 0600 file under that HOME):',
    '',
    `  export HOME="$(mktemp -d)" EKS_LOGIN_KEYRING=file`,
    `  . ${u.envFile}        # the sandbox endpoints (STS, EKS, IAM) and NODE_EXTRA_CA_CERTS`,
    '',
    'Each block below sets up that machine for one group; groups add up (a later --group keeps the',
    'earlier ones, and the stored key is used again).',
  ];
  const cluster = u.clusters[0]!.name;
  for (const user of u.world.users) {
    for (const g of groupsFor(u.world, user.name)) {
      lines.push(
        '',
        `  # ${user.name} as ${g.name}${g.mfa ? ` (MFA: eks-login login prompts for a code of the TOTP secret in the world file)` : ''}`,
      );
      lines.push(
        `  (. ${u.userEnvFile(user.name)} && ${u.command} setup ${u.bundlePath} --group ${g.name} --from-env --yes)`,
      );
      if (g.mfa) lines.push(`  ${u.command} login ${g.name}@${cluster}`);
      lines.push(`  kubectl --context ${g.name}@${cluster} get pods`);
    }
  }
  if (u.world.sso && u.ssoEndpoint) {
    const user = u.world.sso.users[0]!;
    lines.push(
      '',
      `  IAM Identity Center ${u.ssoEndpoint} (start URL ${u.world.sso.startUrl}; the browser signs in as ${user.name})`,
    );
    // Said before the browser opens, so the warning it shows is expected and explained.
    lines.push(
      `  Your browser will warn about its certificate: the sandbox signs it with its own CA (${u.caFile}), which the`,
    );
    lines.push(
      '  browser does not trust. Accept the warning for this page (it is on 127.0.0.1, nothing leaves the machine), or',
    );
    lines.push(
      `  trust that CA in the browser. eks-login itself trusts it through NODE_EXTRA_CA_CERTS in ${u.envFile}.`,
    );
    for (const g of u.world.groups.filter((x) => x.sso !== undefined && user.permissionSets.includes(x.sso))) {
      lines.push(
        '',
        `  # ${user.name} as ${g.name} (IAM Identity Center: open the printed URL; no access key is stored)`,
      );
      lines.push(`  ${u.command} setup ${u.bundlePath} --group ${g.name} --no-browser --yes`);
      lines.push(`  kubectl --context ${g.name}@${cluster} get pods`);
    }
  }
  if (u.bundleV2Path) {
    lines.push('', 'Play the admin publishing version 2 (a new cluster staging, the CA rotated), then follow it:');
    lines.push(`  cp ${u.bundleV2Path} ${u.bundlePath}`, `  ${u.command} sync`);
  }
  lines.push('', 'Each authentication decision is logged below. Ctrl-C stops the sandbox.', '');
  return lines.join('\n');
}
