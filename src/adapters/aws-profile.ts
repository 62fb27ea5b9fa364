// Reads settings of a profile from the shared AWS config files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE).
import { homeDir } from './home-dir.js';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { Env } from '../ports.js';

/** One setting of a profile (config file first, then credentials file), or undefined. */
async function readProfileSetting(profile: string, env: Env, name: string): Promise<string | undefined> {
  const home = (): string => env.HOME || homeDir();
  const files = await loadSharedConfigFiles({
    configFilepath: env.AWS_CONFIG_FILE || `${home()}/.aws/config`,
    filepath: env.AWS_SHARED_CREDENTIALS_FILE || `${home()}/.aws/credentials`,
    ignoreCache: true,
  });
  const value = files.configFile[profile]?.[name] ?? files.credentialsFile[profile]?.[name];
  return value?.trim() || undefined;
}

/** The `region` of a profile, or undefined when the files or the setting are missing. */
export async function readProfileRegion(profile: string, env: Env): Promise<string | undefined> {
  return readProfileSetting(profile, env, 'region');
}

/**
 * The `mfa_serial` eks-login must use for the group role: only for profiles without their own `role_arn`
 * (an assume-role profile's MFA is answered to the SDK, which assumes that profile's role itself).
 */
export async function readProfileMfaSerial(profile: string, env: Env): Promise<string | undefined> {
  if (await readProfileSetting(profile, env, 'role_arn')) return undefined;
  return readProfileSetting(profile, env, 'mfa_serial');
}
