// Where setup's source identity comes from: --from-env, --source-profile P, --reuse-key BUNDLE, the key
// already stored for the bundle (a re-run), or the terminal. Missing input without a terminal is a usage
// error naming the flag to use.
import { UsageError } from '../kernel/errors.js';
import type { AwsCredentials, Env, Prompter, SecretStore } from '../kernel/ports.js';
import { readStoredAccessKey } from '../record/access-key-secret.js';
import { askAccessKey, confirm } from './choose.js';
import type { SetupRecord } from '../record/setup-record.js';

export type SourceChoice =
  | { kind: 'env' }
  | { kind: 'profile'; profile: string }
  | { kind: 'prompt' }
  /** The key stored for `bundle` (this bundle on a re-run, another with --reuse-key); `offer`: ask first. */
  | { kind: 'stored'; bundle: string; offer?: boolean };

export interface SourceCredentials {
  /** keychain: a long-term key setup stores; profile and sso: nothing stored. */
  kind: 'keychain' | 'profile' | 'sso';
  credentials: AwsCredentials;
  profile?: string;
  /** The bundle whose stored key this is (nothing new to store when it is the bundle being set up). */
  storedFor?: string;
}

export interface SourceFlags {
  fromEnv?: boolean | undefined;
  sourceProfile?: string | undefined;
  reuseKey?: string | undefined;
}

/** The AWS account of a bundle's roles (the first group's), for offering another bundle's key. */
export const accountOfArn = (arn: string): string | undefined => /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1];

/**
 * `previous`: this bundle's setup record; `others`: the other bundles' records. Precedence: the flags, then
 * the bundle's recorded source (stored key or profile: no second paste), then (terminal) another bundle's key
 * of the same account (offered), then the prompt.
 */
export function chooseSource(
  flags: SourceFlags,
  interactive: boolean,
  previous?: SetupRecord,
  others: readonly SetupRecord[] = [],
  account?: string,
): SourceChoice {
  if (flags.fromEnv) return { kind: 'env' };
  if (flags.sourceProfile) return { kind: 'profile', profile: flags.sourceProfile };
  if (flags.reuseKey) {
    const other = others.find((r) => r.bundle.name === flags.reuseKey);
    if (!other || other.source.kind !== 'keychain') {
      const candidates = others.filter((r) => r.source.kind === 'keychain').map((r) => r.bundle.name);
      throw new UsageError(
        `--reuse-key ${flags.reuseKey}: ${other ? `bundle ${flags.reuseKey} uses the AWS profile ${other.source.kind === 'profile' ? other.source.profile : ''}, not a stored key` : `no bundle ${flags.reuseKey} has been set up`}`,
        {
          hint: candidates.length
            ? `bundles with a stored key: ${candidates.join(', ')}`
            : 'no bundle has a stored key yet: pass --from-env or paste the key on a terminal',
        },
      );
    }
    return { kind: 'stored', bundle: other.bundle.name };
  }
  if (previous?.source.kind === 'keychain') return { kind: 'stored', bundle: previous.bundle.name };
  if (previous?.source.kind === 'profile') return { kind: 'profile', profile: previous.source.profile };
  if (interactive) {
    const sameAccount = others.find(
      (r) => r.source.kind === 'keychain' && account !== undefined && accountOfArn(r.source.userArn) === account,
    );
    return sameAccount ? { kind: 'stored', bundle: sameAccount.bundle.name, offer: true } : { kind: 'prompt' };
  }
  throw new UsageError('no access key given and no terminal to ask for one', {
    code: 'SOURCE_REQUIRED',
    hint: 'pass --from-env (with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set) or --source-profile <profile> (or --reuse-key <bundle>), or run setup in a terminal',
  });
}

/** The access key from the environment: both variables, and a long-term key (no session token). */
function accessKeyFromEnv(env: Env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId || !secretAccessKey) {
    const missing = [!accessKeyId && 'AWS_ACCESS_KEY_ID', !secretAccessKey && 'AWS_SECRET_ACCESS_KEY']
      .filter(Boolean)
      .join(' and ');
    throw new UsageError(`--from-env: ${missing} ${missing.includes(' and ') ? 'are' : 'is'} not set`, {
      hint: 'export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --source-profile <profile>',
    });
  }
  if (env.AWS_SESSION_TOKEN) {
    throw new UsageError(
      '--from-env: AWS_SESSION_TOKEN is set, so these are temporary credentials; setup stores a long-term access key',
      {
        hint: 'unset AWS_SESSION_TOKEN and export your IAM user key, or use --source-profile <profile> for temporary credentials',
      },
    );
  }
  return { accessKeyId, secretAccessKey };
}

export interface SourceDeps {
  env: Env;
  prompter?: Prompter;
  /** The AWS SDK credential chain for a profile. */
  fromProfile(profile: string): Promise<AwsCredentials>;
  secrets(): Promise<SecretStore>;
  say(line: string): void;
}

export async function sourceCredentials(choice: SourceChoice, deps: SourceDeps): Promise<SourceCredentials> {
  switch (choice.kind) {
    case 'env':
      return { kind: 'keychain', credentials: accessKeyFromEnv(deps.env) };
    case 'profile':
      return { kind: 'profile', profile: choice.profile, credentials: await deps.fromProfile(choice.profile) };
    case 'prompt':
      if (!deps.prompter)
        throw new UsageError('no terminal to ask for the access key', {
          hint: 'pass --from-env or --source-profile <profile>',
        });
      return { kind: 'keychain', credentials: await askAccessKey(deps.prompter) };
    case 'stored': {
      const store = await deps.secrets();
      const credentials = await readStoredAccessKey(store, choice.bundle).catch((error: unknown) => {
        if (!deps.prompter) throw error;
        deps.say(`the access key stored for bundle ${choice.bundle} cannot be used (${(error as Error).message})`);
        return undefined;
      });
      if (!credentials) return sourceCredentials({ kind: 'prompt' }, deps);
      const masked = `…${credentials.accessKeyId.slice(-4)}`;
      if (
        choice.offer &&
        deps.prompter &&
        !(await confirm(
          deps.prompter,
          `Bundle ${choice.bundle} has an access key of the same AWS account stored (${masked}). Use it here too?`,
        ))
      ) {
        return sourceCredentials({ kind: 'prompt' }, deps);
      }
      deps.say(`using the access key ${masked} stored for bundle ${choice.bundle}`);
      return { kind: 'keychain', credentials, storedFor: choice.bundle };
    }
  }
}
