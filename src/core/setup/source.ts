// Where setup's source identity comes from: --from-env, --source-profile P, or the terminal. Missing
// input without a terminal is a usage error naming the flag to use.
import { UsageError } from '../../errors.js';
import type { AwsCredentials, Env, Prompter } from '../../ports.js';
import { askAccessKey } from './choose.js';

export type SourceChoice = { kind: 'env' } | { kind: 'profile'; profile: string } | { kind: 'prompt' };

export interface SourceCredentials {
  /** keychain: a long-term key setup stores; profile: nothing stored. */
  kind: 'keychain' | 'profile';
  credentials: AwsCredentials;
  profile?: string;
}

export function chooseSource(flags: { fromEnv?: boolean; sourceProfile?: string }, interactive: boolean): SourceChoice {
  if (flags.fromEnv) return { kind: 'env' };
  if (flags.sourceProfile) return { kind: 'profile', profile: flags.sourceProfile };
  if (interactive) return { kind: 'prompt' };
  throw new UsageError('no access key given and no terminal to ask for one', {
    code: 'SOURCE_REQUIRED',
    hint: 'pass --from-env (with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set) or --source-profile <profile>, or run setup in a terminal',
  });
}

/** The access key from the environment: both variables, and a long-term key (no session token). */
export function accessKeyFromEnv(env: Env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId || !secretAccessKey) {
    const missing = [!accessKeyId && 'AWS_ACCESS_KEY_ID', !secretAccessKey && 'AWS_SECRET_ACCESS_KEY'].filter(Boolean).join(' and ');
    throw new UsageError(`--from-env: ${missing} ${missing.includes(' and ') ? 'are' : 'is'} not set`, {
      hint: 'export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --source-profile <profile>',
    });
  }
  if (env.AWS_SESSION_TOKEN) {
    throw new UsageError('--from-env: AWS_SESSION_TOKEN is set, so these are temporary credentials; setup stores a long-term access key', {
      hint: 'unset AWS_SESSION_TOKEN and export your IAM user key, or use --source-profile <profile> for temporary credentials',
    });
  }
  return { accessKeyId, secretAccessKey };
}

export interface SourceDeps {
  env: Env;
  prompter?: Prompter;
  /** The AWS SDK credential chain for a profile. */
  fromProfile(profile: string): Promise<AwsCredentials>;
}

export async function sourceCredentials(choice: SourceChoice, deps: SourceDeps): Promise<SourceCredentials> {
  switch (choice.kind) {
    case 'env':
      return { kind: 'keychain', credentials: accessKeyFromEnv(deps.env) };
    case 'profile':
      return { kind: 'profile', profile: choice.profile, credentials: await deps.fromProfile(choice.profile) };
    case 'prompt':
      if (!deps.prompter) throw new UsageError('no terminal to ask for the access key', { hint: 'pass --from-env or --source-profile <profile>' });
      return { kind: 'keychain', credentials: await askAccessKey(deps.prompter) };
  }
}
