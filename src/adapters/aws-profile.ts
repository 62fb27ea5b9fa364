// Reads settings of a profile from the shared AWS config files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE).
import { homedir } from 'node:os';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { Env } from '../ports.js';

/** The `region` of a profile, or undefined when the files or the setting are missing. */
export async function readProfileRegion(profile: string, env: Env): Promise<string | undefined> {
  const home = env.HOME || homedir();
  const files = await loadSharedConfigFiles({
    configFilepath: env.AWS_CONFIG_FILE || `${home}/.aws/config`,
    filepath: env.AWS_SHARED_CREDENTIALS_FILE || `${home}/.aws/credentials`,
    ignoreCache: true,
  });
  const region = files.configFile[profile]?.region ?? files.credentialsFile[profile]?.region;
  return region?.trim() || undefined;
}
