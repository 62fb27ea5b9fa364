// Which kubeconfig exec users `eks-login adopt` can rewrite, and into which `eks-login token` args: aws-cli's
// `aws eks get-token` (what `aws eks update-kubeconfig` and eksctl write) and `aws-iam-authenticator token`
// (by name or through a path to it). The args keep their meaning: cluster, cluster id, region, role, session
// name, profile; an option without an eks-login equivalent makes the user not adoptable, with the reason.
// Pure.

export type AdoptedTool = 'aws eks get-token' | 'aws-iam-authenticator token';

interface RecognizedExec {
  tool: AdoptedTool;
  /** `token --cluster …` in eks-login's own spelling (token/token-argv.ts). */
  tokenArgs: string[];
}

export type Recognition = RecognizedExec | { reason: string };

const base = (command: string): string =>
  command
    .split(/[/\\]/)
    .pop()!
    .replace(/\.(exe|cmd|bat)$/i, '');

/** What each recognised option becomes: an eks-login flag, dropped (no effect on the token), or refused. */
type OptionRule = { to: string } | { drop: 'value' | 'flag' } | { refuse: string };

const AWS_CLI: Record<string, OptionRule> = {
  '--cluster-name': { to: '--cluster' },
  '--cluster-id': { to: '--cluster-id' },
  '--region': { to: '--region' },
  '--role-arn': { to: '--role-arn' },
  '--session-name': { to: '--session-name' },
  '--profile': { to: '--source-profile' },
  '--output': { drop: 'value' },
  '--color': { drop: 'value' },
  '--cli-read-timeout': { drop: 'value' },
  '--cli-connect-timeout': { drop: 'value' },
  '--debug': { drop: 'flag' },
  '--no-cli-pager': { drop: 'flag' },
  '--no-paginate': { drop: 'flag' },
  '--endpoint-url': { refuse: 'eks-login takes the STS endpoint from AWS_ENDPOINT_URL_STS or the profile, not a flag' },
  '--no-verify-ssl': { refuse: 'eks-login always verifies TLS' },
  '--no-sign-request': { refuse: 'a token must be signed' },
  '--query': { refuse: 'kubectl needs the whole ExecCredential' },
  '--ca-bundle': { refuse: "eks-login takes extra CAs from AWS_CA_BUNDLE or the profile's ca_bundle, not a flag" },
};

const AUTHENTICATOR: Record<string, OptionRule> = {
  '-i': { to: '--cluster' },
  '--cluster-id': { to: '--cluster' },
  '-r': { to: '--role-arn' },
  '--role': { to: '--role-arn' },
  '--region': { to: '--region' },
  '-s': { to: '--session-name' },
  '--session-name': { to: '--session-name' },
  '--cache': { drop: 'flag' },
  '-l': { drop: 'value' },
  '--log-format': { drop: 'value' },
  '-v': { drop: 'value' },
  '--log-verbosity': { drop: 'value' },
  '-e': { refuse: 'eks-login takes an external id only from a bundle group' },
  '--external-id': { refuse: 'eks-login takes an external id only from a bundle group' },
  '--forward-session-name': { refuse: 'eks-login names the session itself (or takes --session-name)' },
  '--token-only': { refuse: 'kubectl needs an ExecCredential, not a bare token' },
  '-c': { refuse: 'eks-login reads no aws-iam-authenticator config file' },
  '--config': { refuse: 'eks-login reads no aws-iam-authenticator config file' },
  '--feature-gates': { refuse: 'eks-login has no feature gates' },
};

/** The tool an exec runs, by its command's name (any path to it: a wrapper directory, Homebrew, .exe). */
function toolOf(command: string): 'aws' | 'aws-iam-authenticator' | undefined {
  const name = base(command);
  if (name === 'aws') return 'aws';
  if (name === 'aws-iam-authenticator' || name === 'heptio-authenticator-aws') return 'aws-iam-authenticator';
  return undefined;
}

export function recognizeExec(exec: { command: string; args: readonly string[] }): Recognition {
  const tool = toolOf(exec.command);
  if (tool === 'aws') return translate('aws eks get-token', exec.args, AWS_CLI, ['eks', 'get-token']);
  if (tool === 'aws-iam-authenticator')
    return translate('aws-iam-authenticator token', exec.args, AUTHENTICATOR, ['token']);
  return { reason: `its exec runs ${exec.command}, not aws eks get-token or aws-iam-authenticator token` };
}

function translate(
  tool: AdoptedTool,
  args: readonly string[],
  rules: Record<string, OptionRule>,
  words: string[],
): Recognition {
  const values = new Map<string, string>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const rule = rules[name];
    if (!rule) return { reason: `${tool} option ${name} has no eks-login equivalent` };
    if ('refuse' in rule) return { reason: `${tool} option ${name} has no eks-login equivalent: ${rule.refuse}` };
    if ('drop' in rule && rule.drop === 'flag') {
      if (eq > 0) return { reason: `${tool} option ${arg} is not understood` };
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') return { reason: `${tool} option ${name} has no value` };
    if ('drop' in rule) continue;
    if (values.has(rule.to)) return { reason: `${tool} names ${rule.to} twice` };
    values.set(rule.to, value);
  }
  if (positionals.join(' ') !== words.join(' ')) {
    return { reason: `its exec runs ${[tool.split(' ')[0], ...positionals].join(' ')}, not ${tool}` };
  }
  const cluster = values.get('--cluster') ?? values.get('--cluster-id');
  if (!cluster) return { reason: `${tool} names no cluster` };
  const tokenArgs = ['token', '--cluster', cluster];
  for (const flag of ['--cluster-id', '--region', '--role-arn', '--session-name', '--source-profile']) {
    const value = values.get(flag);
    if (value !== undefined) tokenArgs.push(flag, value);
  }
  return { tool, tokenArgs };
}
