// The parts of the shared AWS config file (~/.aws/config) that decide where STS is, read with botocore's
// rules: `[default]` or `[profile NAME]` sections, `key = value` lines, `#`/`;` comments, and indented
// sub-settings under a key with an empty value (`sts =` then `  endpoint_url = …` in `[services NAME]`).
// Pure and small: the warm token path uses it to compute the same STS URL (and cache key) as aws-cli.

export interface AwsConfigFile {
  profiles: Record<string, Record<string, string>>;
  /** `[services NAME]` → service → setting → value. */
  services: Record<string, Record<string, Record<string, string>>>;
}

export function parseAwsConfig(text: string): AwsConfigFile {
  const out: AwsConfigFile = { profiles: {}, services: {} };
  let section: { kind: 'profile' | 'services'; name: string } | undefined;
  let parentKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;]|$)/.test(raw)) continue;
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$/.exec(raw);
    if (header) {
      const title = header[1]!;
      parentKey = undefined;
      const services = /^services\s+(.+)$/.exec(title);
      const profile = /^profile\s+(.+)$/.exec(title);
      if (services) section = { kind: 'services', name: services[1]!.trim() };
      else if (profile) section = { kind: 'profile', name: profile[1]!.trim() };
      else if (title === 'default') section = { kind: 'profile', name: 'default' };
      else section = undefined;
      continue;
    }
    if (!section) continue;
    const pair = /^(\s*)([^=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!pair) continue;
    const indented = pair[1]!.length > 0;
    const key = pair[2]!.toLowerCase();
    const value = stripComment(pair[3]!);
    if (indented && parentKey) {
      if (section.kind === 'services') {
        const svc = ((out.services[section.name] ??= {})[parentKey] ??= {});
        svc[key] = value;
      }
      continue;
    }
    parentKey = value === '' ? key : undefined;
    if (section.kind === 'profile') (out.profiles[section.name] ??= {})[key] = value;
  }
  return out;
}

function stripComment(value: string): string {
  return value.replace(/\s+[#;].*$/, '').trim();
}

/** One STS-related setting of a profile, with where it came from (for --debug). */
export interface ProfileSetting {
  value: string;
  /** e.g. `use_fips_endpoint in profile dev`, `endpoint_url of sts in [services local] (profile dev)`. */
  source: string;
}

/** The settings of `profile` that decide the STS endpoint and the trusted roots. */
export interface ProfileStsSettings {
  profile: string;
  sts_regional_endpoints?: ProfileSetting;
  use_fips_endpoint?: ProfileSetting;
  use_dualstack_endpoint?: ProfileSetting;
  endpoint_url?: ProfileSetting;
  /** `endpoint_url` under `sts` in the profile's `services` section. */
  sts_endpoint_url?: ProfileSetting;
  ignore_configured_endpoint_urls?: ProfileSetting;
  ca_bundle?: ProfileSetting;
}

const KEYS = [
  'sts_regional_endpoints',
  'use_fips_endpoint',
  'use_dualstack_endpoint',
  'endpoint_url',
  'ignore_configured_endpoint_urls',
  'ca_bundle',
] as const;

export function profileStsSettings(config: AwsConfigFile, profile: string): ProfileStsSettings {
  const settings: ProfileStsSettings = { profile };
  const values = config.profiles[profile];
  if (!values) return settings;
  for (const key of KEYS) {
    const value = values[key];
    if (value) settings[key] = { value, source: `${key} in profile ${profile}` };
  }
  const servicesName = values.services;
  const stsUrl = servicesName ? config.services[servicesName]?.sts?.endpoint_url : undefined;
  if (stsUrl)
    settings.sts_endpoint_url = {
      value: stsUrl,
      source: `endpoint_url of sts in [services ${servicesName}] (profile ${profile})`,
    };
  return settings;
}
