// The AWS profile in use, one rule for every reader (the HTTP settings' ca_bundle, the STS settings, the
// region, the admin's credentials): the profile named (a flag or a record), else AWS_PROFILE, else `default`.
import type { Env } from '../kernel/ports.js';

export function activeProfile(env: Env, named?: string): string {
  return named ?? (env.AWS_PROFILE?.trim() || 'default');
}
