// HttpSettings for AWS calls of a command: the environment plus the `ca_bundle` of the profile in use
// (`profile`, else AWS_PROFILE, else default), read from the shared config file.
import type { Env } from '../../ports.js';
import { readProfileStsSettings } from '../aws-config-file.js';
import { httpSettingsForAws, type HttpSettings } from './settings.js';
import { activeProfile } from '../../core/aws-config/active-profile.js';

export function awsHttpSettings(env: Env, profile?: string): HttpSettings {
  return httpSettingsForAws(env, readProfileStsSettings(env, activeProfile(env, profile)));
}
