// Reads settings of a profile from the shared AWS config files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE).
import { homeDir } from '../fs/home-dir.js';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { Env } from '../../kernel/ports.js';

/** The home directory when HOME is unset: the composition root's (resolved once), else asked here. */
export type HomeLookup = () => string;

/** One setting of a profile (config file first, then credentials file), or undefined. */
async function readProfileSetting(
  profile: string,
  env: Env,
  name: string,
  homeLookup: HomeLookup,
): Promise<string | undefined> {
  const home = (): string => env.HOME || homeLookup();
  const files = await loadSharedConfigFiles({
    configFilepath: env.AWS_CONFIG_FILE || `${home()}/.aws/config`,
    filepath: env.AWS_SHARED_CREDENTIALS_FILE || `${home()}/.aws/credentials`,
    ignoreCache: true,
  });
  const value = files.configFile[profile]?.[name] ?? files.credentialsFile[profile]?.[name];
  return value?.trim() || undefined;
}

/** The `region` of a profile, or undefined when the files or the setting are missing. */
export async function readProfileRegion(
  profile: string,
  env: Env,
  home: HomeLookup = homeDir,
): Promise<string | undefined> {
  return readProfileSetting(profile, env, 'region', home);
}

/**
 * The `mfa_serial` eks-login must use for the group role: only for profiles without their own `role_arn`
 * (an assume-role profile's MFA is answered to the SDK, which assumes that profile's role itself).
 */
export async function readProfileMfaSerial(
  profile: string,
  env: Env,
  home: HomeLookup = homeDir,
): Promise<string | undefined> {
  if (await readProfileSetting(profile, env, 'role_arn', home)) return undefined;
  return readProfileSetting(profile, env, 'mfa_serial', home);
}
