// Reads the STS settings of a profile from the shared AWS config file (AWS_CONFIG_FILE, else ~/.aws/config)
// with node:fs and the pure parser of aws: cheap enough for the warm token path, which must
// compute the same STS URL (hence cache key) as the cold path.
import { readFileSync, statSync } from 'node:fs';
import {
  parseAwsConfig,
  profileStsSettings,
  type AwsConfigFile,
  type ProfileStsSettings,
} from '../../aws/config-file.js';
import type { Env } from '../../kernel/ports.js';

const parsed = new Map<string, AwsConfigFile | undefined>();

function awsConfigPath(env: Env): string | undefined {
  const file = env.AWS_CONFIG_FILE?.trim();
  if (file) return file;
  return env.HOME ? `${env.HOME}/.aws/config` : undefined;
}

/** undefined when there is no config file (or it cannot be read: the SDK then ignores it too). */
export function readProfileStsSettings(env: Env, profile: string): ProfileStsSettings | undefined {
  const path = awsConfigPath(env);
  if (!path) return undefined;
  if (!parsed.has(path)) {
    let text: string | undefined;
    try {
      // No exception (and its stack trace) for the usual case of no config file: this runs on every kubectl call.
      text = statSync(path, { throwIfNoEntry: false })?.isFile() ? readFileSync(path, 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    parsed.set(path, text === undefined ? undefined : parseAwsConfig(text));
  }
  const config = parsed.get(path);
  return config ? profileStsSettings(config, profile) : undefined;
}
