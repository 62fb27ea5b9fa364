// `eks-login token`: kubectl's exec credential plugin. Flags → TokenFlags → token/wire.ts mintToken → the one
// JSON line on stdout.
// `token --decode [TOKEN | -]` shows what a token holds instead (src/cli/commands/token-decode.ts).
// Its flags come from the one argv table the warm path reads too (token/token-argv.ts).
import type { Argv } from 'yargs';
import {
  dashed,
  mintToken,
  TOKEN_CACHE_FLAG,
  TOKEN_OUTPUT_FLAG,
  TOKEN_VALUE_FLAGS,
  withClusterName,
} from '../../token/wire.js';
import type { TokenFlags } from '../../token/token-request.js';
import { UsageError } from '../../kernel/errors.js';
import { defineCommand } from '../command.js';
import { emit } from '../emit.js';
import { outputOption } from '../options.js';
import { singleValued } from '../single-valued.js';
import { runDecode } from './token-decode.js';

/** --help's words for each flag of the table. */
const DESCRIBE: Record<string, string> = {
  cluster: 'EKS cluster name (the x-k8s-aws-id unless --cluster-id is given)',
  'cluster-id': 'Cluster id to sign for when it is not the name (EKS local clusters on Outposts)',
  region: 'AWS region of the cluster (else AWS_REGION, AWS_DEFAULT_REGION, the profile, the EKS endpoint)',
  'role-arn': 'IAM role to assume for the token',
  'session-name':
    'Role session name for --role-arn (default: the IAM user name of the source); refused for a group bound to the user',
  'source-profile': 'AWS profile that supplies the source credentials (default: the AWS credential chain)',
  bundle: 'Bundle name from setup: finds the setup record (source identity, group settings)',
  group: 'Group name from setup (selects the group settings of --bundle)',
};

function tokenOptions(y: Argv): Argv {
  let out = y;
  for (const flag of TOKEN_VALUE_FLAGS) {
    out = out.option(flag.name, {
      type: 'string',
      describe: DESCRIBE[flag.name]!,
      ...(flag.short ? { alias: flag.short } : {}),
    });
  }
  // Other tools' spellings: separate hidden options (an alias would show in --help), merged by tokenFlagsOf.
  for (const flag of TOKEN_VALUE_FLAGS) {
    for (const spelling of flag.spellings ?? []) out = out.option(spelling, { type: 'string', hidden: true });
  }
  return out.option(TOKEN_CACHE_FLAG, {
    type: 'boolean',
    default: true,
    describe: 'Reuse a cached token while ≥ 2 min of validity remain (--no-cache: always mint)',
  });
}

/** The parsed yargs arguments as TokenFlags, through the same table: one value per flag, in one spelling. */
export function tokenFlagsOf(args: Record<string, unknown>): TokenFlags {
  const flags: Partial<TokenFlags> = { noCache: args[TOKEN_CACHE_FLAG] === false };
  for (const flag of TOKEN_VALUE_FLAGS) {
    const names = [flag.name, ...(flag.spellings ?? [])];
    const values = singleValued(args, names);
    const given = names.filter((name) => values[name] !== undefined);
    if (given.length > 1) {
      throw new UsageError(`${given.map(dashed).join(' and ')} name the same flag; pass one`, {
        code: 'FLAG_REPEATED',
        hint: 'run `eks-login token --help`',
      });
    }
    if (flag.field && given[0]) flags[flag.field] = values[given[0]];
  }
  return withClusterName(flags) ?? missingCluster();
}

function missingCluster(): never {
  throw new UsageError('missing required argument: --cluster', { hint: 'run `eks-login token --help`' });
}

export const tokenCommand = defineCommand({
  command: 'token [token]',
  describe:
    'Print an EKS bearer token as a kubectl ExecCredential (the kubeconfig exec plugin); --decode shows what a given token holds',
  builder: (y) =>
    tokenOptions(
      y.positional('token', {
        type: 'string',
        describe: 'With --decode: the token (or ExecCredential JSON) to decode; - or nothing reads stdin',
      }),
    )
      .option('decode', {
        type: 'boolean',
        describe:
          'Show what a token holds (STS host, region, masked key id, signing time, validity) instead of minting one',
      })
      .option(
        TOKEN_OUTPUT_FLAG.name,
        outputOption("With --decode: text or json (when minting: ignored, as aws-cli's --output json)"),
      )
      .check((argv) => {
        if (argv.decode) return true;
        if (argv.token !== undefined)
          throw new UsageError(`unexpected argument "${String(argv.token)}": only --decode takes a token`, {
            hint: 'run `eks-login token --help`',
          });
        tokenFlagsOf(argv);
        return true;
      })
      .example('$0 token --cluster demo --region eu-west-1', 'Sign with the default AWS credentials')
      .example(
        '$0 token --cluster demo --region eu-west-1 --role-arn arn:aws:iam::123456789012:role/developers',
        'Assume a role first',
      )
      .example(
        'KUBERNETES_EXEC_INFO=... $0 token --cluster demo',
        'As kubectl runs it (region from the cluster endpoint)',
      )
      .example('$0 token --decode k8s-aws-v1.aHR0cHM6…', 'What a token holds, for a support ticket (secrets masked)')
      .example(
        '$0 token --cluster demo --region eu-west-1 | $0 token --decode -',
        'Decode the ExecCredential just minted',
      )
      .epilogue(
        "Also accepted, meaning the same (so a kubeconfig needs only its command changed): aws eks get-token's --cluster-name, " +
          "--profile (= --source-profile) and --output json (ignored); aws-iam-authenticator token's -i (--cluster-id), " +
          '-r/--role (--role-arn) and -s (--session-name). `eks-login adopt` makes that change for you.',
      ),
  handler: async (args, ctx) => {
    if (args.decode)
      await runDecode({ token: args.token as string | undefined, output: args.output as 'text' | 'json' }, ctx);
    else emit(ctx, await mintToken(tokenFlagsOf(args), ctx));
  },
});
